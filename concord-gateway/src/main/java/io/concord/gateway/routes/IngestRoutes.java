package io.concord.gateway.routes;

import io.concord.gateway.Stages;
import org.apache.camel.builder.RouteBuilder;

/**
 * The processing pipeline as routes: ingest (open, split into batches) → normalize → write → ack. Stages are
 * joined by the endpoint URIs in {@code concord.endpoint.*} (in-process {@code direct:} by default), so a stage
 * can move behind a broker by configuration: batches carry their sequence and a last flag, and the write stage
 * sends a submission to ack once all its batches are written, in whatever order they arrive. Errors are handled
 * in {@link ErrorHandling}, not here.
 */
public final class IngestRoutes extends RouteBuilder {

    /** Header carrying the submission being processed, for the error handler. */
    public static final String SUBMISSION = "concordSubmission";
    /** Exchange property: true when the batch just handled completed its submission. */
    public static final String COMPLETE = "concordSubmissionComplete";

    private final Stages run;
    private final boolean publish;

    public IngestRoutes(Stages run) {
        this(run, false);
    }

    /**
     * With {@code publish}, each normalized batch goes to {@code concord.endpoint.publish} (the bus, see
     * {@link BusRoutes}) before it is written: a submission is acknowledged only once its records are on the bus.
     */
    public IngestRoutes(Stages run, boolean publish) {
        this.run = run;
        this.publish = publish;
    }

    @Override
    public void configure() {
        from("{{concord.endpoint.ingest}}").routeId("ingest").routeConfigurationId("pipeline")
                .bean(run, "open")
                .setHeader(SUBMISSION, body())
                .filter(method(run, "isNew"))
                    .split(method(run, "batches")).streaming()
                        .to("{{concord.endpoint.normalize}}");

        from("{{concord.endpoint.normalize}}").routeId("normalize").routeConfigurationId("pipeline")
                .bean(run, "normalize")
                .to("{{concord.endpoint.write}}");

        var write = from("{{concord.endpoint.write}}").routeId("write").routeConfigurationId("pipeline");
        if (publish) {
            write.to("{{concord.endpoint.publish}}");
        }
        write.setProperty(COMPLETE, method(run, "write"))
                .filter(exchangeProperty(COMPLETE))
                    .setBody(simple("${body.source}"))
                    .to("{{concord.endpoint.ack}}");

        from("{{concord.endpoint.ack}}").routeId("ack").routeConfigurationId("pipeline")
                .bean(run, "ack");
    }
}
