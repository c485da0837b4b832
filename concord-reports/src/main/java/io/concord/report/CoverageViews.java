package io.concord.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Views of a coverage document ({@link StressJson}, {@link BacktestJson}; see {@link CoverageDocument}) that the API
 * serves: a firm's part, and the market's.
 */
public final class CoverageViews {

    private CoverageViews() {
    }

    /** The document with only {@code lei}'s accounts, portfolios and firm level, and no market level. */
    public static JsonNode firm(byte[] document, String lei) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = read(document).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            switch (f.getKey()) {
                case "accounts", "portfolios", "firms" -> {
                    ArrayNode kept = out.putArray(f.getKey());
                    f.getValue().forEach(x -> {
                        if (lei.equals(x.path("firm").asText(null))) {
                            kept.add(x);
                        }
                    });
                }
                case "market" -> { }
                default -> out.set(f.getKey(), f.getValue());
            }
        }
        return out;
    }

    /** The document without its accounts and portfolios: the head, the firm levels and the market level. */
    public static JsonNode market(byte[] document) {
        ObjectNode out = (ObjectNode) read(document);
        out.remove("accounts");
        out.remove("portfolios");
        return out;
    }

    private static JsonNode read(byte[] document) {
        try {
            return Json.MAPPER.readTree(document);
        } catch (IOException e) {
            throw new UncheckedIOException("a coverage document of the current state does not parse", e);
        }
    }
}
