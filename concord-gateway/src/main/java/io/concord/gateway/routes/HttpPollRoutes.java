package io.concord.gateway.routes;

import io.concord.gateway.Spool;
import io.concord.gateway.serve.Principal;
import io.concord.gateway.serve.ServeGateway;
import io.concord.model.Ack;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;

/**
 * HTTP polling of an upstream feed URL (route {@code http-poll}, only when {@code concord.poll.url} is set): every
 * {@code concord.poll.period} ms, GET the URL; a 200 answer's body is streamed to the {@link Spool}, taken in as
 * feed {@code concord.poll.feed} (detected when empty) on behalf of {@link Principal#POLL}, processed through the
 * ingest endpoint and kept under {@code out/received/}. Connection faults, timeouts
 * ({@code concord.poll.connect-timeout}, {@code concord.poll.response-timeout}) and 5xx answers are retried with
 * back-off by {@link ErrorHandling} (configuration {@code poll}); the HTTP client's own retries are off so the
 * policy is the only one. Content polled again unchanged is a DUPLICATE of the first submission (the ledger knows
 * its SHA-256): it is processed once.
 */
public final class HttpPollRoutes extends RouteBuilder {

    private static final String FILE = "concordPolledFile";

    private final ServeGateway gateway;
    private final Spool spool;

    public HttpPollRoutes(ServeGateway gateway, Spool spool) {
        this.gateway = gateway;
        this.spool = spool;
    }

    @Override
    public void configure() throws Exception {
        String url = getContext().resolvePropertyPlaceholders("{{concord.poll.url:}}");
        if (url.isBlank()) {
            return; // polling is off
        }
        HttpComponent http = getContext().getComponent("http", HttpComponent.class);
        long connect = Long.parseLong(getContext().resolvePropertyPlaceholders("{{concord.poll.connect-timeout}}"));
        long response = Long.parseLong(getContext().resolvePropertyPlaceholders("{{concord.poll.response-timeout}}"));
        http.setConnectTimeout(connect);
        http.setResponseTimeout(response);
        http.setSoTimeout(response);
        http.setHttpClientConfigurer(builder -> builder.disableAutomaticRetries());
        String path = URI.create(url).getPath();
        String name = path == null || path.isEmpty() || path.endsWith("/") ? "poll.feed"
                : path.substring(path.lastIndexOf('/') + 1);
        String feed = getContext().resolvePropertyPlaceholders("{{concord.poll.feed:}}");

        from("timer:concord-poll?period={{concord.poll.period}}&delay={{concord.poll.delay}}").routeId("http-poll")
                .routeConfigurationId("poll")
                .setBody(constant(null))
                .setHeader(Exchange.HTTP_METHOD, constant("GET"))
                .to(url)
                .filter(header(Exchange.HTTP_RESPONSE_CODE).isEqualTo(200))
                    .process(e -> take(e, name, feed.isBlank() ? null : feed))
                    .doTry()
                        .to("{{concord.endpoint.ingest}}")
                        .process(this::settle)
                    // inside doTry the route's error handler does not apply: the same log line as it writes
                    .doCatch(Exception.class)
                        .log(org.apache.camel.LoggingLevel.WARN, "concord.poll", "poll of {{concord.poll.url}} "
                                + "failed: ${exception.message}; nothing was taken in, the next poll asks again")
                    .doFinally()
                        .process(this::forget)
                    .end()
                .end();
    }

    private void take(Exchange e, String name, String feed) throws Exception {
        Path file;
        try (InputStream body = e.getIn().getMandatoryBody(InputStream.class)) {
            file = spool.save(body, name);
        }
        gateway.expect(file, feed, Principal.POLL);
        e.getIn().removeHeaders("*");
        e.setProperty(FILE, file);
        e.getIn().setBody(file);
    }

    /** After a poll, settled or failed: nothing of a failed one stays (its spooled file, its work). */
    private void forget(Exchange e) throws Exception {
        Path file = e.getProperty(FILE, Path.class);
        if (file != null) {
            gateway.abandon(file);
            java.nio.file.Files.deleteIfExists(file);
            java.nio.file.Files.deleteIfExists(file.getParent());
        }
    }

    private void settle(Exchange e) throws Exception {
        Path file = e.getProperty(FILE, Path.class);
        Ack ack = gateway.outcome(file);
        gateway.keepReceived(file, ack);
        log.info("polled {}: {} {} received={} accepted={} rejected={}{}", file.getFileName(), ack.submissionId(),
                ack.status(), ack.received(), ack.accepted(), ack.rejected(),
                ack.duplicateOf() == null ? "" : " duplicateOf=" + ack.duplicateOf());
    }
}
