package io.concord.gateway.serve;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The API's limits on a clock the test moves. */
class ThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private Throttle throttle(int perMinute, int burst, int attempts, int backoff, int maxBackoff, int uploads,
                              int perKey) {
        return new Throttle(new ServeConfig.Limits(perMinute, burst, attempts, backoff, maxBackoff, 0, 0, 0, uploads,
                perKey), now::get);
    }

    private void advance(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void aKeyGetsItsBurstThenOneRequestPerRefillAndRetryAfterSaysWhen() {
        Throttle t = throttle(60, 3, 5, 1, 300, 8, 2); // one a second sustained, three at once
        for (int i = 0; i < 3; i++) {
            t.request("hudson");
        }
        Access.Refused r = catchThrowableOfType(() -> t.request("hudson"), Access.Refused.class);
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.retryAfterSeconds()).isEqualTo(1);
        t.request("larkspur"); // another key has its own bucket
        advance(999);
        assertThatThrownBy(() -> t.request("hudson")).isInstanceOf(Access.Refused.class);
        advance(2);
        t.request("hudson");
        advance(60_000); // a long pause refills to the burst, not beyond
        for (int i = 0; i < 3; i++) {
            t.request("hudson");
        }
        assertThatThrownBy(() -> t.request("hudson")).isInstanceOf(Access.Refused.class);
    }

    @Test
    void wrongKeysFromOneAddressBackOffDoublingUpToTheCapAndARightKeyForgives() {
        Throttle t = throttle(600, 60, 3, 2, 10, 8, 2);
        t.failed("10.0.0.1");
        t.failed("10.0.0.1");
        t.checkBackoff("10.0.0.1"); // two failures: not yet
        t.failed("10.0.0.1"); // the third: wait 2 s
        Access.Refused r = catchThrowableOfType(() -> t.checkBackoff("10.0.0.1"), Access.Refused.class);
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.retryAfterSeconds()).isEqualTo(2);
        t.checkBackoff("10.0.0.2"); // other addresses are not held up
        advance(2_000);
        t.checkBackoff("10.0.0.1");
        t.failed("10.0.0.1"); // fourth: 4 s
        assertThat(catchThrowableOfType(() -> t.checkBackoff("10.0.0.1"), Access.Refused.class).retryAfterSeconds())
                .isEqualTo(4);
        advance(4_000);
        t.failed("10.0.0.1"); // fifth: 8 s
        advance(8_000);
        t.failed("10.0.0.1"); // sixth: 16 s, capped at 10
        assertThat(catchThrowableOfType(() -> t.checkBackoff("10.0.0.1"), Access.Refused.class).retryAfterSeconds())
                .isEqualTo(10);
        advance(10_000);
        t.succeeded("10.0.0.1");
        t.failed("10.0.0.1");
        t.checkBackoff("10.0.0.1"); // counting starts again
    }

    @Test
    void submissionSlotsAreCappedPerKeyAndForTheGatewayAndComeBackOnce() {
        Throttle t = throttle(600, 60, 5, 1, 300, 3, 2);
        Throttle.Slot a1 = t.submission("a");
        Throttle.Slot a2 = t.submission("a");
        Access.Refused perKey = catchThrowableOfType(() -> t.submission("a"), Access.Refused.class);
        assertThat(perKey.status()).isEqualTo(429);
        assertThat(perKey.retryAfterSeconds()).isPositive();
        Throttle.Slot b1 = t.submission("b");
        Access.Refused full = catchThrowableOfType(() -> t.submission("c"), Access.Refused.class);
        assertThat(full.status()).isEqualTo(503);
        a1.close();
        a1.close(); // only once
        Throttle.Slot c1 = t.submission("c");
        assertThatThrownBy(() -> t.submission("d")).isInstanceOf(Access.Refused.class);
        a2.close();
        b1.close();
        c1.close();
        t.submission("a");
        t.submission("a");
    }
}
