package io.concord.gateway.serve;

import io.concord.ledger.Ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the HTTP server answers about the gateway itself: {@code /health} (liveness and readiness), {@code /metrics}
 * ({@link ServeMetrics}) and the audit log of reads ({@link Audit}).
 *
 * <p>{@code /health} answers 200 when the gateway is ready (the ledger answers a query and the last recomputation of
 * the current state did not fail) and 503 otherwise; the body says which check failed and how old the published
 * state is. That it answers at all is the liveness. It reveals no firm data and needs no key.
 */
public final class Operations {

    private final Ledger ledger;
    private final CurrentState current;
    private final ServeMetrics metrics;
    private final Audit audit;

    public Operations(Ledger ledger, CurrentState current, ServeMetrics metrics, Audit audit) {
        this.ledger = ledger;
        this.current = current;
        this.metrics = metrics;
        this.audit = audit;
    }

    public ServeMetrics metrics() {
        return metrics;
    }

    public Audit audit() {
        return audit;
    }

    /** The health answer: its status (200 ready, 503 not) and body. */
    public record Health(int status, Map<String, Object> body) {
    }

    public Health health() {
        Map<String, Object> ledgerCheck = new LinkedHashMap<>();
        boolean ledgerUp;
        try {
            ledgerCheck.put("submissions", ledger.count("submission"));
            ledgerUp = true;
        } catch (RuntimeException e) {
            ledgerUp = false;
            ledgerCheck.put("error", Redact.url(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        ledgerCheck.put("up", ledgerUp);
        Map<String, Object> state = new LinkedHashMap<>();
        Optional<String> failure = current.failure();
        Optional<Instant> at = current.computedAt();
        state.put("published", at.isPresent());
        state.put("computedAt", at.map(Instant::toString).orElse(null));
        state.put("ageSeconds", at.map(t -> Duration.between(t, Instant.now()).toSeconds()).orElse(null));
        state.put("failure", failure.orElse(null));
        boolean ready = ledgerUp && failure.isEmpty();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "UP" : "DOWN");
        body.put("live", true);
        body.put("ready", ready);
        body.put("ledger", ledgerCheck);
        body.put("state", state);
        return new Health(ready ? 200 : 503, body);
    }
}
