package io.concord.margin;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node of a risk parameter file that knows where it is ({@code file} and dotted key path), so every error
 * names both. A parameter is written {@code {value: 0.15, source: "FINRA Rule 4210(g)(2)(F)"}}.
 */
public final class ParamNode {

    private final JsonNode node;
    private final String file;
    private final String path;
    /** The file as a parameter cites it, under the mappings folder ({@code risk/span.yaml}). */
    private final String cited;

    /** A node of a risk parameter file, cited as {@code risk/<file name>}. */
    public ParamNode(JsonNode node, String file, String path) {
        this(node, file, path, "risk/" + java.nio.file.Path.of(file).getFileName());
    }

    /**
     * @param cited  the file as its parameters cite it, under the mappings folder
     *               ({@code market-data/2026-11-20.yaml})
     */
    public ParamNode(JsonNode node, String file, String path, String cited) {
        this.node = node;
        this.file = file;
        this.path = path;
        this.cited = cited;
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    public MarginParameterException error(String message) {
        return new MarginParameterException(file + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    private String sub(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    public ParamNode child(String key) {
        if (!node.isObject()) {
            throw error("must be a mapping");
        }
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw new MarginParameterException(file + ": " + sub(key) + ": missing");
        }
        return new ParamNode(v, file, sub(key), cited);
    }

    public Optional<ParamNode> optional(String key) {
        return has(key) ? Optional.of(child(key)) : Optional.empty();
    }

    /** {@code key: {value: N, source: "..."}}. */
    public Param param(String key) {
        return child(key).asParam();
    }

    public Param asParam() {
        if (!node.isObject()) {
            throw error("a parameter is {value: <number>, source: \"<where the value comes from>\"}");
        }
        JsonNode v = node.get("value");
        if (v == null || !v.isNumber()) {
            throw new MarginParameterException(file + ": " + sub("value") + ": must be a number");
        }
        JsonNode s = node.get("source");
        if (s == null || !s.isTextual() || s.asText().isBlank()) {
            throw new MarginParameterException(file + ": " + sub("source") + ": every value needs its source");
        }
        return new Param(v.asDouble(), s.asText(), cited + "#" + path);
    }

    public String text(String key) {
        ParamNode c = child(key);
        if (!c.node.isValueNode() || c.node.asText().isBlank()) {
            throw c.error("must be a non-empty text");
        }
        return c.node.asText();
    }

    public String asText() {
        if (!node.isValueNode() || node.asText().isBlank()) {
            throw error("must be a non-empty text");
        }
        return node.asText();
    }

    public double number(String key) {
        ParamNode c = child(key);
        if (!c.node.isNumber()) {
            throw c.error("must be a number");
        }
        return c.node.asDouble();
    }

    public boolean bool(String key) {
        ParamNode c = child(key);
        if (!c.node.isBoolean()) {
            throw c.error("must be true or false");
        }
        return c.node.asBoolean();
    }

    /** Entries of a mapping, in file order. */
    public Map<String, ParamNode> entries() {
        if (!node.isObject()) {
            throw error("must be a mapping");
        }
        Map<String, ParamNode> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), new ParamNode(e.getValue(), file, sub(e.getKey()), cited));
        }
        return out;
    }

    /** Items of a list. */
    public List<ParamNode> items() {
        if (!node.isArray()) {
            throw error("must be a list");
        }
        List<ParamNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new ParamNode(node.get(i), file, path + "[" + i + "]", cited));
        }
        return out;
    }

    public List<String> texts(String key) {
        List<String> out = new ArrayList<>();
        for (ParamNode n : child(key).items()) {
            out.add(n.asText());
        }
        return out;
    }

    public double[] numbers(String key) {
        List<ParamNode> items = child(key).items();
        double[] out = new double[items.size()];
        for (int i = 0; i < out.length; i++) {
            if (!items.get(i).node.isNumber()) {
                throw items.get(i).error("must be a number");
            }
            out[i] = items.get(i).node.asDouble();
        }
        return out;
    }
}
