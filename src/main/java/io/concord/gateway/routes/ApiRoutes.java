package io.concord.gateway.routes;

import io.concord.feed.FeedFormats;
import io.concord.gateway.serve.Access;
import io.concord.gateway.serve.Principal;
import io.concord.gateway.serve.ServeGateway;
import io.concord.ledger.Ledger;
import io.concord.mapping.MappingException;
import io.concord.mapping.MappingSet;
import io.concord.report.Ack;
import io.concord.report.Json;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * The HTTP API (camel-platform-http on Vert.x). Every call presents an API key; refusals are JSON with a reason
 * (see {@link ErrorHandling}, configuration {@code api}).
 * <ul>
 * <li>{@code POST /api/feeds/{feed}} (FIRM): submit a feed file as the body; answers with its ack.</li>
 * <li>{@code GET /api/submissions/{id}/ack} (the submitting FIRM, or REGULATOR).</li>
 * <li>{@code GET /api/firms/{lei}/positions} (FIRM bound to the LEI, or REGULATOR): booked positions.</li>
 * <li>{@code POST /api/mappings/reload} (MAINTAINER): a set that does not load is refused and the old stays.</li>
 * </ul>
 */
public final class ApiRoutes extends RouteBuilder {

    private final ServeGateway gateway;
    private final Access access;
    private final Ledger ledger;
    private final Path out;
    private final long maxBodyBytes;

    public ApiRoutes(ServeGateway gateway, Access access, Ledger ledger, Path out, long maxBodyBytes) {
        this.gateway = gateway;
        this.access = access;
        this.ledger = ledger;
        this.out = out;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void configure() {
        from("platform-http:/api/feeds/{feed}?httpMethodRestrict=POST").routeId("api-submit")
                .routeConfigurationId("api")
                .process(this::receive)
                .to("{{concord.endpoint.ingest}}")
                .process(this::answerSubmission);

        from("platform-http:/api/submissions/{id}/ack?httpMethodRestrict=GET").routeId("api-ack")
                .routeConfigurationId("api")
                .process(this::readAck);

        from("platform-http:/api/firms/{lei}/positions?httpMethodRestrict=GET").routeId("api-positions")
                .routeConfigurationId("api")
                .process(this::readPositions);

        from("platform-http:/api/mappings/reload?httpMethodRestrict=POST").routeId("api-mappings-reload")
                .routeConfigurationId("api")
                .process(this::reloadMappings);
    }

    private Principal caller(Exchange e) {
        String key = e.getIn().getHeader("X-API-Key", String.class);
        String auth = e.getIn().getHeader("Authorization", String.class);
        if (key == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = auth.substring(7);
        }
        return access.authenticate(key);
    }

    /** Authenticates, checks the feed, spools the body to a file and registers it with the gateway. */
    private void receive(Exchange e) throws IOException {
        Principal p = caller(e);
        Access.requireRole(p, Principal.Role.FIRM);
        String feed = e.getIn().getHeader("feed", String.class);
        if (FeedFormats.standard().byId(feed).isEmpty()) {
            throw new Access.Refused(404, "no feed '" + feed + "'; feeds: " + FeedFormats.standard().ids());
        }
        Long length = e.getIn().getHeader("Content-Length", Long.class);
        if (length != null && length > maxBodyBytes) {
            throw new Access.Refused(413, "the body is " + length + " bytes, over the limit of " + maxBodyBytes);
        }
        String type = e.getIn().getHeader(Exchange.CONTENT_TYPE, "", String.class);
        if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
            throw new Access.Refused(415, "send the feed file itself as the body (Content-Type "
                    + "application/octet-stream, text/csv, application/xml or application/json), not " + type);
        }
        String name = e.getIn().getHeader("X-File-Name", "upload", String.class).replaceAll("[^A-Za-z0-9._-]", "_");
        Path spool = out.resolve(".incoming").resolve(UUID.randomUUID().toString()).resolve(name);
        Files.createDirectories(spool.getParent());
        try (InputStream in = e.getIn().getBody(InputStream.class)) {
            if (in == null) {
                throw new Access.Refused(422, "the request has no body: send the feed file as the body");
            }
            Files.copy(in, spool);
        }
        gateway.expect(spool, feed, p);
        e.setProperty("concordFile", spool);
        e.getIn().setBody(spool);
    }

    private void answerSubmission(Exchange e) throws IOException {
        Path spool = e.getProperty("concordFile", Path.class);
        Ack ack = gateway.outcome(spool);
        gateway.keepReceived(spool, ack);
        json(e, ack.status() == Ack.Status.DUPLICATE ? 200 : 201, ack);
    }

    private void readAck(Exchange e) throws IOException {
        Principal p = caller(e);
        Access.requireRole(p, Principal.Role.FIRM, Principal.Role.REGULATOR);
        String id = e.getIn().getHeader("id", String.class);
        Ledger.SubmissionRow row = ledger.byId(id)
                .orElseThrow(() -> new Access.Refused(404, "no submission " + id));
        if (p.role() == Principal.Role.FIRM && !row.principal().equals(p.name())) {
            throw new Access.Refused(403, p.name() + " did not submit " + id);
        }
        json(e, 200, gateway.storedAck(id).orElseThrow(() -> new Access.Refused(404, "no ack for " + id)));
    }

    private void readPositions(Exchange e) throws IOException {
        Principal p = caller(e);
        String lei = e.getIn().getHeader("lei", String.class);
        Access.requireFirm(p, lei);
        json(e, 200, Map.of("firm", lei, "positions", ledger.positions(lei)));
    }

    private void reloadMappings(Exchange e) throws IOException {
        Principal p = caller(e);
        Access.requireRole(p, Principal.Role.MAINTAINER);
        MappingSet now;
        try {
            now = gateway.reloadMappings();
        } catch (MappingException ex) {
            throw new Access.Refused(422, "reload refused, the current mappings (" + gateway.mappings().version()
                    + ") stay: " + ex.getMessage());
        }
        json(e, 200, Map.of("mappingsVersion", now.version(), "definitions", now.definitions().size()));
    }

    private static void json(Exchange e, int status, Object body) throws IOException {
        e.getMessage().removeHeaders("*"); // request headers (API key included) never echo into the response
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        e.getMessage().setBody(Json.MAPPER.writeValueAsString(body));
    }
}
