package io.concord.gateway.routes;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.concord.gateway.serve.Access;
import io.concord.gateway.serve.Principal;
import io.concord.gateway.serve.ServeGateway;
import io.concord.gateway.serve.Uploads;
import io.concord.ledger.Ledger;
import io.concord.mapping.MappingException;
import io.concord.mapping.MappingSet;
import io.concord.margin.MarginParameterException;
import io.concord.model.Ack;
import io.concord.report.BacktestJson;
import io.concord.report.CoverageViews;
import io.concord.report.FirmMarginJson;
import io.concord.report.Json;
import io.concord.report.MarginReportXml;
import io.concord.report.MarginSummary;
import io.concord.report.MarginWorkbook;
import io.concord.report.RegulatorViews;
import io.concord.report.StressJson;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The HTTP API (camel-platform-http on Vert.x). Every call presents an API key in a header; refusals are JSON with
 * a reason (see {@link ErrorHandling}, configuration {@code api}). The HTTP server in front
 * ({@link io.concord.gateway.serve.ApiServer}) has checked the key, the limits and an upload's head, and spooled an
 * upload's body, before a route here runs.
 * <ul>
 * <li>{@code POST /api/feeds/{feed}} (FIRM): submit a feed file as the body; answers with its ack. Content the
 * caller submitted before answers DUPLICATE naming the caller's submission, unless {@code ?resubmit=true}: then it
 * is processed again as a new submission that supersedes the earlier one.</li>
 * <li>{@code GET /api/submissions/{id}/ack} (the submitting FIRM, or REGULATOR).</li>
 * <li>{@code GET /api/firms/{lei}/positions} (FIRM bound to the LEI, or REGULATOR): booked positions.</li>
 * <li>{@code GET /api/firms/{lei}/margin?format=json|xml|xlsx} (FIRM bound to the LEI, or REGULATOR): the firm's
 * margin report on the gateway's current state ({@code out/current/reports/<LEI>/}); JSON by default.</li>
 * <li>{@code GET /api/firms/{lei}/stress} (FIRM bound to the LEI, or REGULATOR): the firm's stress coverage
 * ({@code margin/stress.json} cut to its accounts, portfolios and level) and its backtest when the state has one.</li>
 * <li>{@code GET /api/market/stress} (REGULATOR): the stress (and backtest) levels per firm and for the market.</li>
 * <li>{@code GET /api/regulator/{view}} (REGULATOR): {@code positions-by-taxonomy}, {@code large-positions},
 * {@code margin-by-firm}, {@code margin-summary} (siloed against harmonized margin and the collateral it frees, by
 * firm, risk factor and silo pair) (JSON) or {@code regulator-views.xlsx}, on the current state.</li>
 * <li>{@code POST /api/mappings/reload} (MAINTAINER): a set that does not load is refused and the old stays.</li>
 * </ul>
 */
public final class ApiRoutes extends RouteBuilder {

    private final ServeGateway gateway;
    private final Access access;
    private final Ledger ledger;
    private final Uploads uploads;

    public ApiRoutes(ServeGateway gateway, Access access, Ledger ledger, Uploads uploads) {
        this.gateway = gateway;
        this.access = access;
        this.ledger = ledger;
        this.uploads = uploads;
    }

    @Override
    public void configure() {
        from("platform-http:/api/feeds/{feed}?httpMethodRestrict=POST").routeId("api-submit")
                .routeConfigurationId("api")
                // the answer is a stream (an ack of 800,000 rejections is 120 MB): Camel would otherwise read it into
                // memory before the doFinally step, to let that step read it again
                .streamCache("false")
                .process(this::receive)
                .doTry()
                    .to("{{concord.endpoint.ingest}}")
                    .process(this::answerSubmission)
                // inside doTry the route's error handler does not apply: the same refusal, in the same form
                .doCatch(Exception.class)
                    .process(ErrorHandling::refuse)
                .doFinally()
                    .process(this::forget)
                .end();

        from("platform-http:/api/submissions/{id}/ack?httpMethodRestrict=GET").routeId("api-ack")
                .routeConfigurationId("api")
                .process(this::readAck);

        from("platform-http:/api/firms/{lei}/positions?httpMethodRestrict=GET").routeId("api-positions")
                .routeConfigurationId("api")
                .process(this::readPositions);

        from("platform-http:/api/firms/{lei}/margin?httpMethodRestrict=GET").routeId("api-margin")
                .routeConfigurationId("api")
                .process(this::readMargin);

        from("platform-http:/api/firms/{lei}/stress?httpMethodRestrict=GET").routeId("api-firm-stress")
                .routeConfigurationId("api")
                .process(this::readFirmStress);

        from("platform-http:/api/market/stress?httpMethodRestrict=GET").routeId("api-market-stress")
                .routeConfigurationId("api")
                .process(this::readMarketStress);

        from("platform-http:/api/regulator/{view}?httpMethodRestrict=GET").routeId("api-regulator")
                .routeConfigurationId("api")
                .process(this::readRegulatorView);

        from("platform-http:/api/mappings/reload?httpMethodRestrict=POST").routeId("api-mappings-reload")
                .routeConfigurationId("api")
                .process(this::reloadMappings);
    }

    private Principal caller(Exchange e) {
        return caller(access, e);
    }

    /** The principal whose key the request presents (the HTTP server has checked it already). */
    static Principal caller(Access access, Exchange e) {
        return access.authenticate(Access.presentedKey(e.getIn().getHeader("X-API-Key", String.class),
                e.getIn().getHeader("Authorization", String.class)));
    }

    /**
     * Takes the upload the HTTP server checked on its head ({@link Uploads#admit}: FIRM, known feed, not a form,
     * within {@code maxBodyBytes}) and spooled, and registers it with the gateway.
     */
    private void receive(Exchange e) {
        Principal p = caller(e);
        String resubmit = e.getIn().getHeader("resubmit", "false", String.class);
        if (!resubmit.equals("true") && !resubmit.equals("false")) {
            throw new Access.Refused(400, "resubmit is 'true' or 'false', not '" + resubmit + "'");
        }
        Uploads.Upload upload = uploads.take(e.getIn().getHeader(Uploads.HEADER, String.class), p);
        gateway.expect(upload.file(), upload.feed(), p, Boolean.parseBoolean(resubmit));
        e.setProperty("concordFile", upload.file());
        e.getIn().setBody(upload.file());
    }

    /** After a submission, settled or failed: nothing of a failed one stays (its spool folder, its work). */
    private void forget(Exchange e) throws IOException {
        Path spool = e.getProperty("concordFile", Path.class);
        if (spool != null) {
            gateway.abandon(spool);
            Files.deleteIfExists(spool);
            Files.deleteIfExists(spool.getParent());
        }
    }

    private void answerSubmission(Exchange e) throws IOException {
        Path spool = e.getProperty("concordFile", Path.class);
        Ack ack = gateway.outcome(spool);
        gateway.keepReceived(spool, ack);
        // an ack lists every rejection (a million for a file whose every row is refused): written out, then sent
        stream(e, ack.status() == Ack.Status.DUPLICATE ? 200 : 201, "application/json",
                gateway.answers().spool(out -> Json.MAPPER.writeValue(out, ack)));
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
        Path stored = gateway.storedAck(id).orElseThrow(() -> new Access.Refused(404, "no ack for " + id));
        // copied token by token, compact as every answer is, never read whole
        stream(e, 200, "application/json", gateway.answers().spool(out -> {
            try (JsonParser in = Json.MAPPER.createParser(stored.toFile()); JsonGenerator g = Json.generator(out)) {
                in.nextToken();
                g.copyCurrentStructure(in);
            }
        }));
    }

    private void readPositions(Exchange e) throws IOException {
        Principal p = caller(e);
        String lei = e.getIn().getHeader("lei", String.class);
        Access.requireFirm(p, lei);
        // streamed from the ledger to disk, then to the client: a firm's positions need not fit the heap
        InputStream body = gateway.answers().spool(out -> {
            try (JsonGenerator g = Json.generator(out)) {
                g.writeStartObject();
                g.writeStringField("firm", lei);
                g.writeArrayFieldStart("positions");
                ledger.forEachPosition(lei, position -> {
                    try {
                        Json.VALUES.writeValue(g, position);
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                });
                g.writeEndArray();
                g.writeEndObject();
            }
        });
        stream(e, 200, "application/json", body);
    }

    /** A report the API serves from the current state: its file there and its media type. */
    private record Report(String file, String type) {
    }

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** The firm margin formats by {@code format} value. */
    private static final Map<String, Report> MARGIN_FORMATS = Map.of(
            "json", new Report(FirmMarginJson.FILE_NAME, "application/json"),
            "xml", new Report(MarginReportXml.FILE_NAME, "application/xml"),
            "xlsx", new Report(MarginWorkbook.FILE_NAME, XLSX));

    /** The regulator views by path name. */
    private static final Map<String, Report> REGULATOR_VIEWS = Map.of(
            "positions-by-taxonomy", new Report("regulator/" + RegulatorViews.POSITIONS, "application/json"),
            "large-positions", new Report("regulator/" + RegulatorViews.LARGE, "application/json"),
            "margin-by-firm", new Report("regulator/" + RegulatorViews.MARGIN, "application/json"),
            "margin-summary", new Report("margin/" + MarginSummary.FILE, "application/json"),
            RegulatorViews.WORKBOOK, new Report("regulator/" + RegulatorViews.WORKBOOK, XLSX));

    private static final java.util.regex.Pattern LEI = java.util.regex.Pattern.compile("[A-Z0-9]{18}[0-9]{2}");

    /** The {lei} of the path, which the caller may read (its own, or any for a regulator) and is an LEI. */
    private String firmAllowed(Exchange e) {
        Principal p = caller(e);
        String lei = e.getIn().getHeader("lei", String.class);
        Access.requireFirm(p, lei);
        if (!LEI.matcher(lei).matches()) {
            throw new Access.Refused(400, "'" + lei + "' is not an LEI (20 characters, letters and digits)");
        }
        return lei;
    }

    private void readMargin(Exchange e) {
        String lei = firmAllowed(e);
        String format = e.getIn().getHeader("format", "json", String.class);
        Report report = MARGIN_FORMATS.get(format);
        if (report == null) {
            throw new Access.Refused(400, "format '" + format + "' is not one of " + new TreeSet<>(MARGIN_FORMATS.keySet()));
        }
        InputStream body = gateway.current().open("reports/" + lei + "/" + report.file())
                .orElseThrow(() -> new Access.Refused(404, noState().orElse("no margin for firm " + lei
                        + " yet: the gateway's current state holds none of its positions, collateral or CRIF "
                        + "sensitivities on the business date it margins (the latest it holds)")));
        file(e, report, lei + "-" + report.file(), body);
    }

    /**
     * The firm's part of the current state's {@code margin/stress.json} (and {@code margin/backtest.json} when the
     * state has one): {@code {"firm", "stress", "backtest"?}}, each document with only the firm's accounts,
     * portfolios and level.
     */
    private void readFirmStress(Exchange e) {
        String lei = firmAllowed(e);
        stream(e, 200, "application/json", gateway.answers().spool(out -> {
            try (InputStream stress = gateway.current().openCoverage(lei, StressJson.FILE).orElseThrow(
                    this::noStress); JsonGenerator g = Json.generator(out)) {
                g.writeStartObject();
                g.writeStringField("firm", lei);
                g.writeFieldName("stress");
                if (CoverageViews.firm(stress, lei, g) == 0) {
                    throw new Access.Refused(404, "no stress for firm " + lei + " yet: the gateway's current state "
                            + "holds none of its accounts on the business date it margins");
                }
                Optional<InputStream> backtest = gateway.current().openCoverage(lei, BacktestJson.FILE);
                if (backtest.isPresent()) {
                    try (InputStream b = backtest.get()) {
                        g.writeFieldName("backtest");
                        CoverageViews.firm(b, lei, g);
                    }
                }
                g.writeEndObject();
            }
        }));
    }

    /**
     * The market's stress of the current state: {@code {"stress", "backtest"?}}, each document without its accounts
     * and portfolios (a firm's are at {@code /api/firms/{lei}/stress}): the run's fields, the scenarios (or the
     * series), the firm levels and the market level.
     */
    private void readMarketStress(Exchange e) {
        Principal p = caller(e);
        Access.requireRole(p, Principal.Role.REGULATOR);
        stream(e, 200, "application/json", gateway.answers().spool(out -> {
            try (InputStream stress = stressDocument(); JsonGenerator g = Json.generator(out)) {
                g.writeStartObject();
                g.writeFieldName("stress");
                CoverageViews.market(stress, g);
                Optional<InputStream> backtest = gateway.current().open("margin/" + BacktestJson.FILE);
                if (backtest.isPresent()) {
                    try (InputStream b = backtest.get()) {
                        g.writeFieldName("backtest");
                        CoverageViews.market(b, g);
                    }
                }
                g.writeEndObject();
            }
        }));
    }

    private InputStream stressDocument() {
        return gateway.current().open("margin/" + StressJson.FILE).orElseThrow(this::noStress);
    }

    private Access.Refused noStress() {
        return new Access.Refused(404, noState().orElse("no stress in the current state: the mappings have no "
                + "stress scenarios"));
    }

    private void readRegulatorView(Exchange e) {
        Principal p = caller(e);
        Access.requireRole(p, Principal.Role.REGULATOR);
        String view = e.getIn().getHeader("view", String.class);
        Report report = REGULATOR_VIEWS.get(view);
        if (report == null) {
            throw new Access.Refused(404, "no regulator view '" + view + "'; views: "
                    + new TreeSet<>(REGULATOR_VIEWS.keySet()));
        }
        InputStream body = gateway.current().open(report.file())
                .orElseThrow(() -> new Access.Refused(404, noState().orElse("no regulator view " + view)));
        file(e, report, report.file().substring(report.file().lastIndexOf('/') + 1), body);
    }

    /** Why there is no current state at all, if there is none. */
    private java.util.Optional<String> noState() {
        return gateway.current().published() ? java.util.Optional.empty() : java.util.Optional.of("no current state "
                + "yet: no submission is committed, or the first one is still being margined");
    }

    private static void file(Exchange e, Report report, String name, InputStream body) {
        stream(e, 200, report.type(), body);
        if (!report.type().equals("application/json")) {
            e.getMessage().setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
        }
    }

    /**
     * Answers with {@code body}, sent as it is read (chunked): a report or view that grows with the state is never
     * held whole in the heap. The HTTP server closes the stream when it is sent.
     */
    private static void stream(Exchange e, int status, String type, InputStream body) {
        e.getMessage().removeHeaders("*"); // request headers (API key included) never echo into the response
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, type);
        e.getMessage().setBody(body);
    }

    private void reloadMappings(Exchange e) throws IOException {
        Principal p = caller(e);
        Access.requireRole(p, Principal.Role.MAINTAINER);
        MappingSet now;
        try {
            now = gateway.reloadMappings();
        } catch (MappingException | MarginParameterException | IllegalArgumentException | UncheckedIOException ex) {
            throw new Access.Refused(422, "reload refused, the current mappings (" + gateway.mappings().version()
                    + ") stay: " + ex.getMessage());
        }
        json(e, 200, Map.of("mappingsVersion", now.version(), "definitions", now.definitions().size()));
    }

    static void json(Exchange e, int status, Object body) throws IOException {
        e.getMessage().removeHeaders("*"); // request headers (API key included) never echo into the response
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        e.getMessage().setBody(Json.MAPPER.writeValueAsString(body));
    }
}
