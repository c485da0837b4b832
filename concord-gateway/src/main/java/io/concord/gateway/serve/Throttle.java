package io.concord.gateway.serve;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The API's limits ({@link ServeConfig.Limits}), enforced before a request's body is read: a token bucket of
 * requests per API key, a back-off for client addresses that present wrong keys (after
 * {@code failedAuthAttempts} in a row each further failure doubles the wait, up to {@code maxBackoffSeconds}),
 * and slots for submissions in flight (all keys together, and per key). Each refusal is an
 * {@link Access.Refused} with its status (429 for the caller's own excess, 503 when the gateway is full) and the
 * seconds to wait. Thread-safe; the clock is given so tests need not sleep.
 */
public final class Throttle {

    /** Client addresses whose failures are remembered at most; beyond, the forgiven ones are forgotten. */
    private static final int MAX_TRACKED = 10_000;

    private final ServeConfig.Limits limits;
    private final LongSupplier nanos;
    private final Map<String, Bucket> buckets = new HashMap<>();
    private final Map<String, Failures> failures = new HashMap<>();
    private final Map<String, Integer> inFlight = new HashMap<>();
    private int uploads;

    private static final class Bucket {
        double tokens;
        long at;
    }

    private static final class Failures {
        int count;
        long blockedUntil;
    }

    public Throttle(ServeConfig.Limits limits) {
        this(limits, System::nanoTime);
    }

    Throttle(ServeConfig.Limits limits, LongSupplier nanos) {
        this.limits = limits;
        this.nanos = nanos;
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }

    /** Refuses (429) a client address that is waiting out its back-off; the key it presents is not even checked. */
    public synchronized void checkBackoff(String address) {
        Failures f = failures.get(address);
        long now = nanos.getAsLong();
        if (f != null && f.blockedUntil - now > 0) {
            throw new Access.Refused(429, "too many wrong API keys from " + address + ": wait before trying again",
                    seconds(f.blockedUntil - now));
        }
    }

    /** Counts a wrong or missing key from {@code address}; from the limit on, it must wait (doubling). */
    public synchronized void failed(String address) {
        if (failures.size() >= MAX_TRACKED) {
            long now = nanos.getAsLong();
            failures.values().removeIf(f -> f.blockedUntil - now <= 0);
        }
        Failures f = failures.computeIfAbsent(address, a -> new Failures());
        f.count++;
        int over = f.count - limits.failedAuthAttempts();
        if (over >= 0) {
            long wait = Math.min((long) limits.failedAuthBackoffSeconds() << Math.min(over, 30),
                    limits.maxBackoffSeconds());
            f.blockedUntil = nanos.getAsLong() + TimeUnit.SECONDS.toNanos(wait);
        }
    }

    /** A right key from {@code address}: its failures are forgiven. */
    public synchronized void succeeded(String address) {
        failures.remove(address);
    }

    /** Takes one request from the principal's bucket, or refuses (429) saying when the next one is free. */
    public synchronized void request(String principal) {
        double perNano = limits.requestsPerMinute() / (double) TimeUnit.MINUTES.toNanos(1);
        long now = nanos.getAsLong();
        Bucket b = buckets.computeIfAbsent(principal, p -> {
            Bucket n = new Bucket();
            n.tokens = limits.burst();
            n.at = now;
            return n;
        });
        b.tokens = Math.min(limits.burst(), b.tokens + (now - b.at) * perNano);
        b.at = now;
        if (b.tokens < 1) {
            throw new Access.Refused(429, principal + " is over its rate limit of " + limits.requestsPerMinute()
                    + " requests a minute", seconds((long) Math.ceil((1 - b.tokens) / perNano)));
        }
        b.tokens -= 1;
    }

    /** A submission slot; {@link #close()} gives it back (once). */
    public final class Slot implements AutoCloseable {
        private final String principal;
        private boolean open = true;

        private Slot(String principal) {
            this.principal = principal;
        }

        @Override
        public void close() {
            synchronized (Throttle.this) {
                if (open) {
                    open = false;
                    uploads--;
                    inFlight.computeIfPresent(principal, (p, n) -> n == 1 ? null : n - 1);
                }
            }
        }
    }

    /**
     * A slot for one submission of {@code principal}, held from its first header until its answer is sent; refused
     * with 429 when the principal has {@code maxConcurrentSubmissionsPerKey} in flight, 503 when the gateway has
     * {@code maxConcurrentUploads}.
     */
    public synchronized Slot submission(String principal) {
        int mine = inFlight.getOrDefault(principal, 0);
        if (mine >= limits.maxConcurrentSubmissionsPerKey()) {
            throw new Access.Refused(429, principal + " already has " + mine + " submissions in flight (the limit "
                    + "per key): send the next when one is answered", 1);
        }
        if (uploads >= limits.maxConcurrentUploads()) {
            throw new Access.Refused(503, "the gateway is taking " + uploads + " submissions already: try again "
                    + "shortly", 1);
        }
        uploads++;
        inFlight.put(principal, mine + 1);
        return new Slot(principal);
    }
}
