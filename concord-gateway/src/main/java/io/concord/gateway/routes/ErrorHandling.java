package io.concord.gateway.routes;

import io.concord.feed.RecordBatch;
import io.concord.feed.SourceFile;
import io.concord.gateway.Stages;
import io.concord.gateway.Submission;
import io.concord.gateway.serve.Access;
import io.concord.gateway.serve.Redact;
import io.concord.mapping.NormalizedBatch;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.model.RouteConfigurationDefinition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place route errors are handled. Pipeline routes (configuration {@code pipeline}): an exception inside
 * Concord rejects the records of the batch it hit with {@code INTERNAL_ERROR} (or the whole file, when no batch
 * was in flight) and processing goes on with the next batch or file. Bad data never reaches here: parsers and the
 * normalizer report it as record failures. API routes (configuration {@code api}): a refusal becomes its status
 * (401, 403, 404, 415, 422) and anything else a 500, each with a JSON body giving the reason and never a stack
 * trace. HTTP polling (configuration {@code poll}): a connection that fails or times out, or an upstream answering
 * 5xx or 429, is retried with exponential back-off ({@code concord.poll.*}); a poll that still fails, or is
 * answered 4xx, is logged and takes nothing in, and the next poll asks again.
 */
public final class ErrorHandling extends RouteConfigurationBuilder {

    private static final org.slf4j.Logger POLL_LOG = org.slf4j.LoggerFactory.getLogger("concord.poll");

    private final Stages run;

    public ErrorHandling(Stages run) {
        this.run = run;
    }

    @Override
    public void configuration() {
        routeConfiguration("pipeline")
                .onException(Exception.class).handled(true)
                .process(this::reject)
                .filter(exchangeProperty(IngestRoutes.COMPLETE))
                    .to("{{concord.endpoint.ack}}");

        routeConfiguration("api")
                .onException(Exception.class).handled(true)
                .process(ErrorHandling::refuse);

        RouteConfigurationDefinition poll = routeConfiguration("poll");
        poll.onException(IOException.class, HttpOperationFailedException.class)
                .onWhen(ErrorHandling::retryable)
                .maximumRedeliveries("{{concord.poll.maximum-redeliveries}}")
                .redeliveryDelay("{{concord.poll.redelivery-delay}}")
                .useExponentialBackOff()
                .backOffMultiplier("{{concord.poll.back-off-multiplier}}")
                .maximumRedeliveryDelay("{{concord.poll.maximum-redelivery-delay}}")
                .retryAttemptedLogLevel(LoggingLevel.OFF)
                .onRedelivery(e -> pollFailed(e, "attempt " + e.getIn().getHeader(Exchange.REDELIVERY_COUNTER)
                        + " failed (retrying)"))
                .handled(true)
                .process(e -> pollFailed(e, "failed after retries; nothing was taken in, the next poll asks again"));
        poll.onException(Exception.class).handled(true)
                .process(e -> pollFailed(e, "failed; nothing was taken in, the next poll asks again"));
    }

    /**
     * Logs a failed poll attempt: the URL and the exception's message (which may quote the URL) with credentials
     * masked.
     */
    private static void pollFailed(Exchange e, String what) {
        Exception cause = e.getException() != null ? e.getException()
                : e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String url = e.getContext().getPropertiesComponent().resolveProperty("concord.poll.url").orElse("");
        POLL_LOG.warn("poll of {}: {} - {}", Redact.url(url),
                cause == null ? "?" : Redact.url(String.valueOf(cause.getMessage())), what);
    }

    /** A poll fault worth retrying: the connection (reset, refused, timed out) or the upstream unavailable. */
    static boolean retryable(Exchange exchange) {
        Exception e = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (e instanceof HttpOperationFailedException h) {
            return h.getStatusCode() >= 500 || h.getStatusCode() == 429;
        }
        return true;
    }

    static void refuse(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int status = cause instanceof Access.Refused r ? r.status() : 500;
        String reason = cause instanceof Access.Refused || cause instanceof IllegalArgumentException
                ? cause.getMessage() : "internal error: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage().replaceAll("\\s+", " "));
        if (cause instanceof IllegalArgumentException) {
            status = 422;
        }
        exchange.getMessage().removeHeaders("*"); // request headers (API key included) never echo back
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (cause instanceof Access.Refused r && r.retryAfterSeconds() > 0) {
            exchange.getMessage().setHeader("Retry-After", r.retryAfterSeconds());
        }
        exchange.getMessage().setBody(Access.errorJson(status, reason));
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
