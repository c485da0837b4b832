/**
 * {@code sec-nport}: Form N-PORT holdings. The JAXB binding ({@link io.concord.feed.nport.NportXml}) is in the
 * EDGAR N-PORT namespace, so a document in another namespace binds nothing and is refused.
 */
@XmlSchema(namespace = NportXml.NS, elementFormDefault = XmlNsForm.QUALIFIED)
package io.concord.feed.nport;

import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
