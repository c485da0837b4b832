package io.concord.gateway.routes.archwrong;

import org.apache.camel.builder.RouteBuilder;

/** Deliberately wrong (test-only, never started): a stage called by its method name, ROUTES_BY_REFERENCE's case. */
public final class WrongRoutes extends RouteBuilder {

    /** A stage. */
    public String stage(String body) {
        return body;
    }

    @Override
    public void configure() {
        from("direct:wrong").routeId("wrong").bean(this, "stage").filter(method(this, "stage"));
    }
}
