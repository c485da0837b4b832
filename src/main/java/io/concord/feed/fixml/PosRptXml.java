package io.concord.feed.fixml;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;

import java.util.ArrayList;
import java.util.List;

/**
 * JAXB binding of the parts of a FIXML {@code PosRpt} (FIX 5.0 SP2 abbreviations, as CFTC Part 17 large-trader
 * submissions use them) that Concord reads. Every value binds as text so that the parser, not JAXB, decides what
 * is malformed and says where. Elements and attributes not named here are ignored.
 */
@XmlAccessorType(XmlAccessType.FIELD)
public class PosRptXml {
    @XmlAttribute(name = "RptID")
    String rptId;
    @XmlAttribute(name = "BizDt")
    String bizDt;
    /** 1 new (replaces earlier state for the key), 2 change. */
    @XmlAttribute(name = "Actn")
    String actn;
    /** 1 customer, 2 non-customer, 3 house, 6/7 cross-margined. */
    @XmlAttribute(name = "AcctTyp")
    String acctTyp;
    @XmlAttribute(name = "SetPx")
    String setPx;
    @XmlAttribute(name = "Ccy")
    String ccy;
    @XmlElement(name = "Pty")
    List<Pty> parties = new ArrayList<>();
    @XmlElement(name = "Instrmt")
    Instrmt instrmt;
    @XmlElement(name = "Qty")
    List<Qty> quantities = new ArrayList<>();

    /** A party: ID and role R (4 clearing firm, 38 position account, 21 clearing organization, 24 customer account). */
    @XmlAccessorType(XmlAccessType.FIELD)
    public static class Pty {
        @XmlAttribute(name = "ID")
        String id;
        @XmlAttribute(name = "Src")
        String src;
        @XmlAttribute(name = "R")
        String role;
    }

    /** The instrument block. */
    @XmlAccessorType(XmlAccessType.FIELD)
    public static class Instrmt {
        @XmlAttribute(name = "Sym")
        String sym;
        @XmlAttribute(name = "ID")
        String id;
        /** SecurityIDSource: 1 CUSIP, 4 ISIN, H clearing house, 8 exchange symbol. */
        @XmlAttribute(name = "Src")
        String src;
        @XmlAttribute(name = "Exch")
        String exch;
        @XmlAttribute(name = "SecTyp")
        String secTyp;
        @XmlAttribute(name = "CFI")
        String cfi;
        @XmlAttribute(name = "MMY")
        String mmy;
        @XmlAttribute(name = "MatDt")
        String matDt;
        @XmlAttribute(name = "StrkPx")
        String strkPx;
        @XmlAttribute(name = "PutCall")
        String putCall;
        @XmlAttribute(name = "Mult")
        String mult;
    }

    /** A position quantity by type: FIN end-of-day, SOD start-of-day, EP exchange for physical, DN delivery notice, XM cross-margin. */
    @XmlAccessorType(XmlAccessType.FIELD)
    public static class Qty {
        @XmlAttribute(name = "Typ")
        String typ;
        @XmlAttribute(name = "Long")
        String longQty;
        @XmlAttribute(name = "Short")
        String shortQty;
    }
}
