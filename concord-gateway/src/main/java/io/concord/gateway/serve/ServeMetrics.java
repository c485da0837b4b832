package io.concord.gateway.serve;

import io.concord.model.Ack;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.concurrent.TimeUnit;

/**
 * The gateway's metrics (Micrometer), scraped as Prometheus text at {@code /metrics}: submissions by status, records
 * received / accepted / rejected, rejections by reason code, how long recomputing the current state takes (and how
 * often it fails), and the HTTP answers by method, route template and status with their latency.
 */
public final class ServeMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** A settled submission's ack (DUPLICATE counts as a submission, with no records). */
    public void ack(Ack ack) {
        Counter.builder("concord.submissions").description("submissions settled, by ack status")
                .tag("status", ack.status().name()).register(registry).increment();
        records("received", ack.received());
        records("accepted", ack.accepted());
        records("rejected", ack.rejected());
        for (Ack.Rejection r : ack.rejections()) {
            Counter.builder("concord.rejections").description("rejected records, by reason code")
                    .tag("reason", r.reason().name()).register(registry).increment();
        }
    }

    private void records(String outcome, long n) {
        Counter.builder("concord.records").description("records read from submissions, by outcome")
                .tag("outcome", outcome).register(registry).increment(n);
    }

    /** A recomputation of the current state that took {@code nanos}, and whether it published. */
    public void recomputed(long nanos, boolean ok) {
        Timer.builder("concord.state.recompute").description("recomputations of the current state")
                .tag("outcome", ok ? "published" : "failed").register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** An HTTP answer: {@code route} is the path template ({@code /api/firms/{lei}/margin}), never the raw path. */
    public void http(String method, String route, int status, long nanos) {
        Timer.builder("concord.http.server.requests").description("HTTP answers, by route template and status")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The Prometheus text exposition format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }
}
