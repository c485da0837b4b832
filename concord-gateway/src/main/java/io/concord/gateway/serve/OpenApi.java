package io.concord.gateway.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.concord.report.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The API's OpenAPI 3 document: written as {@code api/openapi.yaml} in the jar (src/main/resources), served as JSON at
 * {@code /api/openapi.json}. {@code ApiDocumentTest} checks it against the routes the gateway really has.
 */
public final class OpenApi {

    static final String RESOURCE = "api/openapi.yaml";

    private OpenApi() {
    }

    /** The document as JSON bytes. */
    public static byte[] json() {
        try (InputStream in = OpenApi.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return Json.MAPPER.writeValueAsBytes(new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
