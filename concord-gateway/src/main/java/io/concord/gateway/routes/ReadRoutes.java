package io.concord.gateway.routes;

import io.concord.gateway.serve.Access;
import io.concord.gateway.serve.Principal;
import io.concord.gateway.serve.Reads;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import java.io.IOException;

/**
 * The console's reads (camel-platform-http behind {@link io.concord.gateway.serve.ApiServer}, like
 * {@link ApiRoutes}); each route only hands the caller and the request's parameters to {@link Reads}, which checks
 * access and answers. Lists take {@code page} (from 1) and {@code size} (1 to {@value Reads#MAX_PAGE}) and answer
 * {@code {"page", "size", "total", "items"}}.
 * <ul>
 * <li>{@code GET /api/me}: who the key belongs to and what it may read.</li>
 * <li>{@code GET /api/submissions?firm&status&from&to}: submissions, newest first.</li>
 * <li>{@code GET /api/firms?q&sort}: firms with their margin totals.</li>
 * <li>{@code GET /api/firms/{lei}/accounts?sort}: a firm's accounts with their margin figures.</li>
 * <li>{@code GET /api/firms/{lei}/accounts/{account}/margin}: one account's margin with its explain trees.</li>
 * <li>{@code GET /api/firms/{lei}/margin/history?from&to}: a firm's totals by business date.</li>
 * <li>{@code GET /api/exceptions?firm&submission&reason}: rejected and unmapped records.</li>
 * <li>{@code GET /api/mappings} (MAINTAINER): mapping set version, lint, example tests, unmapped products.</li>
 * </ul>
 */
public final class ReadRoutes extends RouteBuilder {

    private final Access access;
    private final Reads reads;

    public ReadRoutes(Access access, Reads reads) {
        this.access = access;
        this.reads = reads;
    }

    /** One read: the caller and the exchange in, the answer's JSON body out. */
    private interface Read {
        Object answer(Principal p, Exchange e);
    }

    @Override
    public void configure() {
        get("/api/me", "api-me", (p, e) -> reads.me(p));
        get("/api/submissions", "api-submissions", (p, e) -> reads.submissions(p, q(e, "firm"), q(e, "status"),
                q(e, "from"), q(e, "to"), paging(e)));
        get("/api/firms", "api-firms", (p, e) -> reads.firms(p, q(e, "q"), q(e, "sort"), paging(e)));
        get("/api/firms/{lei}/accounts", "api-accounts", (p, e) -> reads.accounts(p, q(e, "lei"), q(e, "sort"),
                paging(e)));
        get("/api/firms/{lei}/accounts/{account}/margin", "api-account-margin", (p, e) -> reads.account(p,
                q(e, "lei"), q(e, "account")));
        get("/api/firms/{lei}/margin/history", "api-margin-history", (p, e) -> reads.history(p, q(e, "lei"),
                q(e, "from"), q(e, "to")));
        get("/api/exceptions", "api-exceptions", (p, e) -> reads.exceptions(p, q(e, "firm"), q(e, "submission"),
                q(e, "reason"), paging(e)));
        get("/api/mappings", "api-mappings", (p, e) -> reads.mappings(p));
    }

    private void get(String path, String id, Read read) {
        from("platform-http:" + path + "?httpMethodRestrict=GET").routeId(id)
                .routeConfigurationId("api")
                .process(e -> answer(e, read));
    }

    private void answer(Exchange e, Read read) throws IOException {
        Principal p = ApiRoutes.caller(access, e);
        ApiRoutes.json(e, 200, read.answer(p, e));
    }

    private static String q(Exchange e, String name) {
        return e.getIn().getHeader(name, String.class);
    }

    private static Reads.Paging paging(Exchange e) {
        return Reads.Paging.of(q(e, "page"), q(e, "size"));
    }
}
