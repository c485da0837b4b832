package io.concord.gateway.routes;

import io.concord.feed.RecordBatch;
import io.concord.feed.SourceFile;
import io.concord.gateway.ProcessRun;
import io.concord.gateway.Submission;
import io.concord.mapping.NormalizedBatch;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * The one place route errors are handled, for every route: an exception inside Concord rejects the records of
 * the batch it hit with {@code INTERNAL_ERROR} (or the whole file, when no batch was in flight) and processing
 * goes on with the next batch or file. Bad data never reaches here: parsers and the normalizer report it as
 * record failures.
 */
public final class ErrorHandling extends RouteConfigurationBuilder {

    private final ProcessRun run;

    public ErrorHandling(ProcessRun run) {
        this.run = run;
    }

    @Override
    public void configuration() {
        routeConfiguration()
                .onException(Exception.class).handled(true)
                .process(this::reject)
                .filter(exchangeProperty(IngestRoutes.COMPLETE))
                    .to("{{concord.endpoint.ack}}");
    }

    /** Rejects what was in flight; leaves the submission as body and says whether it is now complete. */
    private void reject(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Object body = exchange.getIn().getBody();
        SourceFile source;
        boolean complete;
        if (body instanceof RecordBatch b) {
            source = b.source();
            complete = run.failBatch(source, b.sequence(), b.last(), b.items(), cause);
        } else if (body instanceof NormalizedBatch b) {
            List<Object> items = new ArrayList<>(b.positions());
            items.addAll(b.collateral());
            items.addAll(b.sensitivities());
            items.addAll(b.failures());
            source = b.source();
            complete = run.failBatch(source, b.sequence(), b.last(), items, cause);
        } else {
            Submission s = exchange.getIn().getHeader(IngestRoutes.SUBMISSION, Submission.class);
            if (s == null) {
                throw new IllegalStateException("failure before a submission was opened", cause);
            }
            source = s.source();
            complete = run.failSubmission(source, cause);
        }
        exchange.getIn().setBody(source);
        exchange.setProperty(IngestRoutes.COMPLETE, complete);
    }
}
