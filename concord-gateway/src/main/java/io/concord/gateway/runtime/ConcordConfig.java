package io.concord.gateway.runtime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.concord.gateway.bus.BusConfig;
import io.concord.gateway.serve.ServeConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Concord's configuration, read once and handed to every composition root ({@code process}, {@code serve},
 * {@code serve --role worker}, {@code margin}, the bench). Two parts, each from the same sources, later ones
 * winning:
 * <ul>
 *   <li>{@link #properties()}: the {@code concord.*} and {@code camel.*} settings: {@code application.properties}
 *   on the class path (the defaults, each one documented there), then the YAML file's {@code properties:} map,
 *   then environment variables named as Camel Main names them ({@code concord.kafka.brokers} is
 *   {@code CONCORD_KAFKA_BROKERS}: upper case, dots and dashes as underscores; only settings the defaults name),
 *   then system properties ({@code -Dconcord.bus=kafka}). Camel Main gets them all as override properties, so a
 *   route's {@code {{concord.poll.url}}} sees exactly this value, and {@link #bus()} is built from them.</li>
 *   <li>{@link #serve()}: serve mode's settings, the rest of the YAML file (docs/serve.md), with the
 *   {@code CONCORD_HOST} ... {@code CONCORD_LEDGER_PASSWORD} environment variables over it.</li>
 * </ul>
 *
 * @param serve      serve mode: listener, inbox, out, mappings, ledger, API keys, TLS, limits
 * @param bus        which bus joins ingest and the margin workers
 * @param properties every {@code concord.*} and {@code camel.*} setting, merged
 */
public record ConcordConfig(ServeConfig serve, BusConfig bus, Map<String, String> properties) {

    /** The defaults on the class path. */
    static final String DEFAULTS = "/application.properties";

    /** The YAML key holding {@code concord.*} / {@code camel.*} settings in a configuration file. */
    public static final String PROPERTIES_KEY = "properties";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ConcordConfig {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** The defaults alone (the demo, tests): no file, no environment, no system properties. */
    public static ConcordConfig defaults() {
        try {
            return read(null, Map.of(), new Properties());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This process's configuration: {@code file} (null for none), its environment and its system properties. */
    public static ConcordConfig load(Path file) throws IOException {
        return read(file, System.getenv(), System.getProperties());
    }

    /**
     * The configuration from {@code file} (null: none), {@code environment} and {@code system} over the defaults.
     * A setting with a bad value is refused naming the setting and where its value came from.
     */
    public static ConcordConfig read(Path file, Map<String, String> environment, Properties system)
            throws IOException {
        Map<String, String> props = new LinkedHashMap<>(defaultProperties());
        Map<String, String> from = new LinkedHashMap<>();
        props.keySet().forEach(k -> from.put(k, "application.properties"));
        ServeConfig serve = ServeConfig.defaults();
        if (file != null) {
            JsonNode tree = YAML.readTree(file.toFile());
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                tree = YAML.createObjectNode();
            }
            if (!tree.isObject()) {
                throw new IllegalArgumentException(file + ": a configuration is a YAML mapping of settings");
            }
            JsonNode own = ((ObjectNode) tree).remove(PROPERTIES_KEY);
            if (own != null) {
                if (!own.isObject()) {
                    throw new IllegalArgumentException(file + ": " + PROPERTIES_KEY
                            + " is a mapping of concord.* and camel.* settings");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = own.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getKey().startsWith("concord.") && !e.getKey().startsWith("camel.")) {
                        throw new IllegalArgumentException(file + ": " + PROPERTIES_KEY + "." + e.getKey()
                                + " is not a concord.* or camel.* setting");
                    }
                    props.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
                    from.put(e.getKey(), file.toString());
                }
            }
            serve = YAML.treeToValue(tree, ServeConfig.class);
        }
        for (String key : defaultProperties().keySet()) {
            String name = environmentName(key);
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                props.put(key, value.strip());
                from.put(key, "environment variable " + name);
            }
        }
        for (String key : system.stringPropertyNames()) {
            if (key.startsWith("concord.") || key.startsWith("camel.")) {
                props.put(key, system.getProperty(key));
                from.put(key, "system property -D" + key);
            }
        }
        return new ConcordConfig(serve.overridden(environment, null, null), bus(props, from), props);
    }

    /** The environment variable that sets {@code key}: {@code concord.poll.connect-timeout} → CONCORD_POLL_CONNECT_TIMEOUT. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** A copy whose serve settings take the command line's {@code --host} and {@code --port} (null: not given). */
    public ConcordConfig withListener(String host, Integer port) {
        return new ConcordConfig(serve.overridden(Map.of(), host, port), bus, properties);
    }

    /** A copy with other serve settings (tests, the demo). */
    public ConcordConfig withServe(ServeConfig other) {
        return new ConcordConfig(other, bus, properties);
    }

    /** A copy on another bus; the endpoint properties follow it. */
    public ConcordConfig withBus(BusConfig other) {
        Map<String, String> props = new LinkedHashMap<>(properties);
        props.put("concord.bus", other.bus());
        if (other.brokers() != null) {
            props.put("concord.kafka.brokers", other.brokers());
        }
        props.put("concord.kafka.group", other.group());
        props.put("concord.kafka.partitions", Integer.toString(other.partitions()));
        return new ConcordConfig(serve, other, props);
    }

    /**
     * What Camel Main gets as override properties: every setting, and the endpoint URIs of the bus (the
     * {@code concord.endpoint.*} the bus routes are joined by).
     */
    public Map<String, String> camelProperties() {
        Map<String, String> out = new LinkedHashMap<>(properties);
        out.putAll(bus.endpoints());
        return out;
    }

    private static BusConfig bus(Map<String, String> props, Map<String, String> from) {
        String partitions = props.getOrDefault("concord.kafka.partitions", "12").strip();
        int n;
        try {
            n = Integer.parseInt(partitions);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("concord.kafka.partitions (from "
                    + from.get("concord.kafka.partitions") + ") must be a whole number, not '" + partitions + "'");
        }
        try {
            return new BusConfig(props.getOrDefault("concord.bus", BusConfig.DIRECT).strip(),
                    props.getOrDefault("concord.kafka.brokers", ""),
                    props.getOrDefault("concord.kafka.group", "concord-workers").strip(), n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (concord.bus from " + from.get("concord.bus") + ")",
                    e);
        }
    }

    private static Map<String, String> defaultProperties() {
        Properties p = new Properties();
        try (InputStream in = ConcordConfig.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is not on the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULTS, e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, p.getProperty(k).strip()));
        return out;
    }
}
