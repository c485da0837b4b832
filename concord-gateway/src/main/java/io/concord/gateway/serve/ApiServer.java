package io.concord.gateway.serve;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.StaticService;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's HTTP server: Vert.x, owned by Concord so that everything a request is checked for happens on its
 * head, before any byte of its body is read, and the body of a feed upload goes to disk as it arrives. The Camel
 * routes ({@code platform-http}, {@link io.concord.gateway.routes.ApiRoutes}) run on a router mounted behind this
 * guard, found by camel-platform-http-vertx in the registry as its router.
 *
 * <p>In order, for every request: a path outside {@code /api/} is 404; an API key in the query string is refused
 * (401: URLs end up in proxy and access logs); a client address waiting out its failed-key back-off is refused
 * (429, Retry-After) without its key being checked; the key in the headers is checked (401, counted against the
 * address); the key's request rate is checked (429, Retry-After). A feed upload is then checked on its head
 * ({@link Uploads#admit}: role, feed, form, declared length), takes a submission slot ({@link Throttle}: 429 per
 * key, 503 for the gateway) and streams to its spool file with a running byte count, whatever the transfer
 * encoding: past {@code maxBodyBytes} it is answered 413 and the connection closed. Only a whole upload reaches the
 * route. Bodies sent to other calls are cut off at {@value #SMALL_BODY} bytes (413).
 *
 * <p>Every answer the server gives itself (404, 405, 413, a malformed request, a failure) has the API's JSON error
 * body ({@link Access#errorJson}). Connections: closed after {@code idleTimeoutSeconds} without traffic, or when the
 * request head has not arrived within {@code headerTimeoutSeconds}; an upload must arrive within
 * {@code uploadTimeoutSeconds} (408). With TLS every answer carries HSTS.
 */
public final class ApiServer extends ServiceSupport implements CamelContextAware, StaticService {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    /** The largest body accepted by calls other than a feed upload (none of them takes one). */
    static final int SMALL_BODY = 64 * 1024;

    private static final Pattern UPLOAD = Pattern.compile("/api/feeds/([^/]+)");

    /** Query parameters that would carry a key (or the upload token) in the URL, lower case. */
    private static final Set<String> KEY_PARAMETERS = Set.of("x-api-key", "authorization", "api_key", "apikey",
            "api-key", "key", "access_token", "token", "bearer", Uploads.HEADER.toLowerCase(Locale.ROOT));

    /** How long a refused request's unread body is still read (and thrown away) so the client sees the answer. */
    private static final long LINGER_MILLIS = 1000;

    private final ServeConfig config;
    private final Access access;
    private final Throttle throttle;
    private final Uploads uploads;
    private final Map<HttpConnection, Long> waiting = new ConcurrentHashMap<>();
    private final Operations operations;
    private final Console console = new Console();
    private final byte[] openApi = OpenApi.json();
    /** The path templates of every route, most literal first, once the routes have started. */
    private volatile List<Route> templates;
    private CamelContext camel;
    private Vertx vertx;
    private HttpServer server;

    public ApiServer(ServeConfig config, Access access, Uploads uploads, Operations operations) {
        this.config = config;
        this.operations = operations;
        this.access = access;
        this.throttle = new Throttle(config.limits());
        this.uploads = uploads;
    }

    @Override
    public CamelContext getCamelContext() {
        return camel;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camel = camelContext;
    }

    /** The port it listens on (the configured one, or the one chosen for port 0). */
    public int port() {
        return server == null ? config.port() : server.actualPort();
    }

    @Override
    protected void doStart() throws Exception {
        vertx = Vertx.vertx();
        vertx.exceptionHandler(t -> {
            OutOfMemory.haltIfOutOfMemory(t);
            LOG.warn("unhandled in the HTTP server: {}", t.toString());
        });
        Router router = Router.router(vertx);
        Router routes = Router.router(vertx);
        router.route().handler(this::guard);
        router.route("/*").subRouter(routes);
        for (int status = 400; status < 600; status++) {
            int s = status;
            router.errorHandler(s, ctx -> answerFailure(ctx, s));
        }
        VertxPlatformHttpRouter camelRouter = new VertxPlatformHttpRouter(null, vertx, routes,
                VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME_ZERO) {
            @Override
            public Handler<RoutingContext> bodyHandler() {
                BodyHandler small = BodyHandler.create(false).setBodyLimit(SMALL_BODY);
                // an upload's body is in its spool file already (only this server sets the header)
                return ctx -> {
                    if (ctx.request().getHeader(Uploads.HEADER) != null) {
                        ctx.next();
                    } else {
                        small.handle(ctx);
                    }
                };
            }
        };
        camel.getRegistry().bind(VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME_ZERO, camelRouter);
        camel.getRegistry().bind(VertxPlatformHttpRouter.getRouterNameFromPort(config.port()), camelRouter);

        // no Vert.x idle timeout: it would also cut a connection whose request is being processed (minutes, for a
        // large feed); the timers here run only while the gateway waits for the client
        HttpServerOptions options = new HttpServerOptions()
                .setCompressionSupported(false).setDecompressionSupported(false).setHttp2ClearTextEnabled(false)
                .setHandle100ContinueAutomatically(false);
        ServeConfig.Tls tls = config.tls();
        if (tls != null) {
            options.setSsl(true);
            if (tls.keyStore() != null) {
                options.setKeyCertOptions(new PfxOptions().setPath(tls.keyStore().toString())
                        .setPassword(tls.keyStorePassword()));
            } else {
                options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certificate().toString())
                        .setKeyPath(tls.key().toString()));
            }
        }
        long headerMillis = TimeUnit.SECONDS.toMillis(config.limits().headerTimeoutSeconds());
        server = vertx.createHttpServer(options)
                .connectionHandler(c -> {
                    expect(c, headerMillis);
                    c.closeHandler(v -> stopWaiting(c));
                })
                .invalidRequestHandler(this::malformed)
                .requestHandler(req -> {
                    stopWaiting(req.connection());
                    router.handle(req);
                });
        try {
            server.listen(config.port(), config.host()).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Closes {@code c} unless a request head arrives on it within {@code millis}: armed when a connection opens
     * ({@code headerTimeoutSeconds}) and when an answer has been sent ({@code idleTimeoutSeconds}).
     */
    private void expect(HttpConnection c, long millis) {
        Long previous = waiting.put(c, vertx.setTimer(millis, id -> {
            if (waiting.remove(c, id)) {
                c.close();
            }
        }));
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
    }

    private void stopWaiting(HttpConnection c) {
        Long timer = waiting.remove(c);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            server = null;
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            vertx = null;
        }
    }

    /** A call the gateway answers: its method and path template ({@code /api/firms/{lei}/margin}). */
    public record Route(String method, String path) {
        boolean matches(String method, String path) {
            return this.method.equals(method) && pattern().matcher(path).matches();
        }

        private Pattern pattern() {
            return Pattern.compile(Pattern.quote(path).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q"));
        }
    }

    /** The calls this server answers itself, beside the routes: the console, health, metrics, the API document. */
    public static final List<Route> OWN = List.of(new Route("GET", "/"), new Route("GET", "/health"),
            new Route("GET", "/metrics"), new Route("GET", "/api/openapi.json"));

    /**
     * Every call the gateway answers: {@link #OWN} and the platform-http routes of {@code camel} (their path and
     * method restriction), so a route added anywhere is listed (and checked against the API document by its test).
     */
    public static List<Route> routes(CamelContext camel) {
        List<Route> out = new java.util.ArrayList<>(OWN);
        for (org.apache.camel.Route r : camel.getRoutes()) {
            if (r.getEndpoint() instanceof org.apache.camel.component.platform.http.PlatformHttpEndpoint h) {
                String methods = h.getHttpMethodRestrict() == null ? "GET" : h.getHttpMethodRestrict();
                for (String m : methods.split(",")) {
                    out.add(new Route(m.trim().toUpperCase(Locale.ROOT), h.getPath()));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The template of a request's path for metrics and the audit log; {@code unmatched} for none. */
    private String template(String method, String path) {
        if (Console.owns(path)) {
            return "/";
        }
        List<Route> known = templates;
        if (known == null) {
            known = routes(camel).stream()
                    .sorted(java.util.Comparator.comparingLong((Route r) -> r.path().chars().filter(c -> c == '{')
                            .count()))
                    .toList();
            templates = known;
        }
        return known.stream().filter(r -> r.matches(method, path)).map(Route::path).findFirst().orElse("unmatched");
    }

    /** Every request passes here first. */
    private void guard(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        req.headers().remove(Uploads.HEADER); // only this server sets it
        ctx.addHeadersEndHandler(v -> securityHeaders(ctx.response()));
        HttpConnection connection = req.connection();
        long started = System.nanoTime();
        ctx.addEndHandler(v -> {
            expect(connection, TimeUnit.SECONDS.toMillis(config.limits().idleTimeoutSeconds()));
            observe(ctx, started);
        });
        try {
            if (req.method() == HttpMethod.GET && open(ctx)) {
                return;
            }
            if (!req.path().startsWith("/api/") && !req.path().equals("/metrics")) {
                throw new Access.Refused(404, "no such resource: the API is under /api/");
            }
            for (String name : req.params().names()) {
                if (KEY_PARAMETERS.contains(name.toLowerCase(Locale.ROOT))) {
                    throw new Access.Refused(401, "an API key is accepted only in the X-API-Key or Authorization: "
                            + "Bearer header, never in the URL (query parameter '" + name + "'): URLs end up in "
                            + "proxy and access logs, so treat that key as exposed and have it replaced");
                }
            }
            String address = req.remoteAddress() == null ? "?" : req.remoteAddress().host();
            throttle.checkBackoff(address);
            Principal p;
            try {
                p = access.authenticate(Access.presentedKey(req.getHeader("X-API-Key"),
                        req.getHeader(HttpHeaders.AUTHORIZATION)));
            } catch (Access.Refused r) {
                throttle.failed(address);
                throw r;
            }
            throttle.succeeded(address);
            throttle.request(p.name());
            ctx.put(PRINCIPAL, p);
            if (req.path().equals("/metrics")) {
                Access.requireRole(p, Principal.Role.REGULATOR, Principal.Role.MAINTAINER);
                send(ctx, 200, "text/plain; version=0.0.4; charset=utf-8",
                        operations.metrics().scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
            Matcher upload = UPLOAD.matcher(req.path());
            if (req.method() == HttpMethod.POST && upload.matches()) {
                receive(ctx, p, upload.group(1));
            } else {
                ctx.next();
            }
        } catch (Access.Refused r) {
            answer(ctx, r.status(), r.getMessage(), r.retryAfterSeconds());
        } catch (IOException | RuntimeException e) {
            LOG.warn("request {} {} failed before its route: {}", req.method(), req.path(), e.toString());
            answer(ctx, 500, "internal error: " + e.getClass().getSimpleName(), 0);
        }
    }

    private static final String PRINCIPAL = "concord.principal";

    /**
     * Answers what needs no key: the console's files, {@code /health} and the API document. True when answered (a
     * console path naming no file is answered 404).
     */
    private boolean open(RoutingContext ctx) {
        String path = ctx.request().path();
        if (Console.owns(path)) {
            Console.Asset a = console.asset(path)
                    .orElseThrow(() -> new Access.Refused(404, "no such console file: " + path));
            send(ctx, 200, a.type(), a.bytes());
            return true;
        }
        if (path.equals("/health")) {
            Operations.Health h = operations.health();
            send(ctx, h.status(), "application/json", io.concord.report.Json.MAPPER.createObjectNode()
                    .setAll((com.fasterxml.jackson.databind.node.ObjectNode) io.concord.report.Json.MAPPER
                            .valueToTree(h.body())).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return true;
        }
        if (path.equals("/api/openapi.json")) {
            send(ctx, 200, "application/json", openApi);
            return true;
        }
        return false;
    }

    private static void send(RoutingContext ctx, int status, String type, byte[] body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, type)
                .end(io.vertx.core.buffer.Buffer.buffer(body));
    }

    /**
     * After an answer: its latency in the metrics, and, for a call that reads firm data, a line in the audit log
     * naming the firm (the path's LEI, else the {@code firm} parameter, else a FIRM's own LEIs, else {@code *}).
     */
    private void observe(RoutingContext ctx, long started) {
        HttpServerRequest req = ctx.request();
        String route = template(req.method().name(), req.path());
        int status = ctx.response().getStatusCode();
        operations.metrics().http(req.method().name(), route, status, System.nanoTime() - started);
        Principal p = ctx.get(PRINCIPAL);
        if (p == null || p.role() == Principal.Role.MAINTAINER || req.method() != HttpMethod.GET
                || !READS_FIRM_DATA.matcher(route).matches()) {
            return;
        }
        Matcher lei = FIRM_PATH.matcher(req.path());
        String firm = lei.matches() ? lei.group(1) : req.getParam("firm") != null ? req.getParam("firm")
                : p.role() == Principal.Role.FIRM ? String.join(",", p.leis()) : "*";
        operations.audit().read(p, firm, req.method().name(), req.path(), route, status);
    }

    /** The routes that answer with firm data (every GET under /api/ but the caller's own identity and the document). */
    private static final Pattern READS_FIRM_DATA = Pattern.compile("/api/(?!me$|openapi\\.json$|mappings).+");
    private static final Pattern FIRM_PATH = Pattern.compile("/api/firms/([^/]+)/.*");

    private void securityHeaders(HttpServerResponse res) {
        if (config.tls() != null) {
            res.headers().set("Strict-Transport-Security", "max-age=31536000");
        }
        res.headers().set("X-Content-Type-Options", "nosniff");
        res.headers().set("Cache-Control", "no-store");
        res.headers().set("Content-Security-Policy", Console.CSP);
        res.headers().set("X-Frame-Options", "DENY");
        res.headers().set("Referrer-Policy", "no-referrer");
    }

    /** A feed upload: checked on its head, given a slot, streamed to the spool, then passed to its route. */
    private void receive(RoutingContext ctx, Principal p, String feed) throws IOException {
        HttpServerRequest req = ctx.request();
        uploads.admit(p, feed, req.getHeader(HttpHeaders.CONTENT_TYPE), req.getHeader(HttpHeaders.CONTENT_LENGTH));
        Throttle.Slot slot = throttle.submission(p.name());
        String token = UUID.randomUUID().toString();
        ctx.addEndHandler(ended -> {
            slot.close();
            try {
                uploads.finished(token, ctx.response().ended());
            } catch (IOException e) {
                LOG.warn("cannot delete the spool folder of upload {}: {}", token, e.toString());
            }
        });
        Path file = uploads.reserve(token, req.getHeader("X-File-Name"));
        req.pause();
        if ("100-continue".equalsIgnoreCase(req.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue();
        }
        vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
                .onSuccess(f -> new Receiving(ctx, f, token, new Uploads.Upload(file, feed, p.name())).start())
                .onFailure(ctx::fail);
    }

    /** One upload streaming to its spool file, with back-pressure, a running byte count and a deadline. */
    private final class Receiving {
        private final RoutingContext ctx;
        private final AsyncFile file;
        private final String token;
        private final Uploads.Upload upload;
        private long bytes;
        private boolean over;
        private long deadline;
        private long watch;
        private long lastData = System.nanoTime();

        Receiving(RoutingContext ctx, AsyncFile file, String token, Uploads.Upload upload) {
            this.ctx = ctx;
            this.file = file;
            this.token = token;
            this.upload = upload;
        }

        void start() {
            HttpServerRequest req = ctx.request();
            deadline = vertx.setTimer(TimeUnit.SECONDS.toMillis(config.limits().uploadTimeoutSeconds()), id ->
                    stop(408, "the upload did not arrive whole within " + config.limits().uploadTimeoutSeconds()
                            + " s (uploadTimeoutSeconds)"));
            long idle = TimeUnit.SECONDS.toNanos(config.limits().idleTimeoutSeconds());
            watch = vertx.setPeriodic(Math.min(1000, TimeUnit.NANOSECONDS.toMillis(idle) / 2 + 1), id -> {
                if (System.nanoTime() - lastData > idle && !file.writeQueueFull()) {
                    stop(408, "the upload stalled: nothing arrived for " + config.limits().idleTimeoutSeconds()
                            + " s (idleTimeoutSeconds)");
                }
            });
            req.handler(buffer -> {
                if (over) {
                    return;
                }
                lastData = System.nanoTime();
                bytes += buffer.length();
                if (bytes > uploads.maxBodyBytes()) {
                    stop(413, uploads.tooLarge(bytes));
                    return;
                }
                file.write(buffer);
                if (file.writeQueueFull()) {
                    req.pause();
                    file.drainHandler(v -> req.resume());
                }
            });
            req.exceptionHandler(t -> {
                over = true;
                stopTimers();
                file.close();
            });
            req.endHandler(v -> {
                if (over) {
                    return;
                }
                over = true;
                stopTimers();
                file.close().onSuccess(closed -> {
                    uploads.hold(token, upload);
                    req.headers().set(Uploads.HEADER, token);
                    ctx.next();
                }).onFailure(ctx::fail);
            });
            req.resume();
        }

        private void stop(int status, String reason) {
            if (!over) {
                over = true;
                stopTimers();
                file.close();
                answer(ctx, status, reason, 0);
            }
        }

        private void stopTimers() {
            vertx.cancelTimer(deadline);
            vertx.cancelTimer(watch);
        }
    }

    /** The error answer of a failure the router met (no route, wrong method, body too large, an exception). */
    private void answerFailure(RoutingContext ctx, int status) {
        Throwable failure = ctx.failure();
        String reason;
        if (failure instanceof Access.Refused r) {
            answer(ctx, r.status(), r.getMessage(), r.retryAfterSeconds());
            return;
        }
        reason = switch (status) {
            case 404 -> "no such resource: " + ctx.request().method() + " " + ctx.request().path();
            case 405 -> "method " + ctx.request().method() + " is not allowed on " + ctx.request().path();
            case 413 -> "the body is over the limit of " + SMALL_BODY + " bytes for this call";
            case 500 -> "internal error" + (failure == null ? "" : ": " + failure.getClass().getSimpleName());
            default -> "the request was refused (" + status + ")";
        };
        if (failure != null && status >= 500) {
            LOG.warn("request {} {} failed: {}", ctx.request().method(), ctx.request().path(), failure.toString());
        }
        answer(ctx, status, reason, 0);
    }

    /**
     * Answers with the API's JSON error body. When the request's body has not been read, the connection is closed
     * after the answer; what the client still sends meanwhile is read and thrown away for a moment so it sees the
     * answer rather than a reset.
     */
    private void answer(RoutingContext ctx, int status, String reason, long retryAfterSeconds) {
        HttpServerRequest req = ctx.request();
        HttpServerResponse res = ctx.response();
        boolean unread = !req.isEnded();
        if (res.headWritten() || res.ended() || res.closed()) {
            req.connection().close();
            return;
        }
        res.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (retryAfterSeconds > 0) {
            res.putHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        if (unread) {
            res.putHeader(HttpHeaders.CONNECTION, "close");
            req.handler(b -> { });
            req.exceptionHandler(t -> { });
            req.endHandler(v -> { });
            req.resume();
        }
        res.end(Access.errorJson(status, reason)).onComplete(v -> {
            if (unread) {
                vertx.setTimer(LINGER_MILLIS, id -> req.connection().close());
            }
        });
    }

    /** A request Vert.x could not parse: 414 (request line too long), 431 (headers too large) or 400. */
    private void malformed(HttpServerRequest req) {
        Throwable cause = req.decoderResult().cause();
        int status = cause instanceof TooLongHttpLineException ? 414
                : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        String reason = status == 414 ? "the request line is too long" : status == 431
                ? "the request headers are too large" : "the request is not valid HTTP";
        stopWaiting(req.connection());
        req.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Access.errorJson(status, reason)).onComplete(v -> req.connection().close());
    }
}
