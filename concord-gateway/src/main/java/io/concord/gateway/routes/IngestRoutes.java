package io.concord.gateway.routes;

import io.concord.feed.RecordBatch;
import io.concord.feed.SourceFile;
import io.concord.gateway.Stages;
import io.concord.gateway.Submission;
import io.concord.mapping.NormalizedBatch;
import org.apache.camel.builder.RouteBuilder;

import java.nio.file.Path;

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
        // each stage called by reference on the body its route carries (no bean lookup by method name): a renamed
        // or retyped stage is a compile error here, not a failure at the first file
        from("{{concord.endpoint.ingest}}").routeId("ingest").routeConfigurationId("pipeline")
                .process(e -> e.getMessage().setBody(run.open(e.getMessage().getMandatoryBody(Path.class))))
                .setHeader(SUBMISSION, body())
                .filter(e -> run.isNew(e.getMessage().getBody(Submission.class)))
                    .process(e -> e.getMessage().setBody(run.batches(e.getMessage().getMandatoryBody(Submission.class))))
                    .split(body()).streaming()
                        .to("{{concord.endpoint.normalize}}");

        from("{{concord.endpoint.normalize}}").routeId("normalize").routeConfigurationId("pipeline")
                .process(e -> e.getMessage().setBody(run.normalize(e.getMessage().getMandatoryBody(RecordBatch.class))))
                .to("{{concord.endpoint.write}}");

        var write = from("{{concord.endpoint.write}}").routeId("write").routeConfigurationId("pipeline");
        if (publish) {
            write.to("{{concord.endpoint.publish}}");
        }
        write.process(e -> e.setProperty(COMPLETE, run.write(e.getMessage().getMandatoryBody(NormalizedBatch.class))))
                .filter(exchangeProperty(COMPLETE))
                    .process(e -> e.getMessage().setBody(e.getMessage().getMandatoryBody(NormalizedBatch.class)
                            .source()))
                    .to("{{concord.endpoint.ack}}");

        from("{{concord.endpoint.ack}}").routeId("ack").routeConfigurationId("pipeline")
                .process(e -> e.getMessage().setBody(run.ack(e.getMessage().getMandatoryBody(SourceFile.class))));
    }
}
