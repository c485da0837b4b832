package io.concord.gateway.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The console's static files, served from the jar: {@code /} is {@code console/index.html}, {@code /console/NAME}
 * the files beside it (a fixed list: no path is ever resolved from the request), and
 * {@code /console/vendor/echarts.min.js} the chart library from its webjar. Every answer carries a strict Content
 * Security Policy: scripts, styles, images and API calls from this origin only, no inline script, no framing.
 */
public final class Console {

    /** The policy of every console answer. */
    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    /** A file of the console: its bytes and media type. */
    public record Asset(byte[] bytes, String type) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    public Console() {
        put("/", "console/index.html", "text/html; charset=utf-8");
        put("/console/app.js", "console/app.js", "text/javascript; charset=utf-8");
        put("/console/ui.js", "console/ui.js", "text/javascript; charset=utf-8");
        put("/console/views.js", "console/views.js", "text/javascript; charset=utf-8");
        put("/console/app.css", "console/app.css", "text/css; charset=utf-8");
        put("/console/vendor/echarts.min.js", ECHARTS, "text/javascript; charset=utf-8");
    }

    private void put(String path, String resource, String type) {
        try (InputStream in = Console.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the console file " + resource + " is missing from the jar");
            }
            assets.put(path, new Asset(in.readAllBytes(), type));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** Whether {@code path} is the console's (answered by {@link #asset}, 404 when it names no file). */
    public static boolean owns(String path) {
        return path.equals("/") || path.startsWith("/console/");
    }

    public Optional<Asset> asset(String path) {
        return Optional.ofNullable(assets.get(path));
    }
}
