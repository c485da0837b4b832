package io.concord.report;

import io.concord.margin.engine.AccountMargin;
import io.concord.margin.MarginAccount;
import io.concord.margin.engine.MarginSink;
import io.concord.model.Position;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One firm's output failing is that firm's error: it is abandoned and the next firms are written. */
class FirmSinkTest {

    /** Records what it is told; fails at the named firm's second account. */
    static final class Recording extends FirmSink {
        final List<String> calls = new ArrayList<>();
        final String failing;

        Recording(String failing) {
            this.failing = failing;
        }

        @Override
        protected void startFirm(String firm) {
            calls.add("start " + firm);
        }

        @Override
        protected void firmAccount(MarginAccount account, AccountMargin margin, List<Position> positions) {
            if (account.firm().equals(failing) && account.account().equals("2")) {
                throw new IllegalArgumentException("The maximum length of cell contents (text) is 32767 characters");
            }
            calls.add(account.firm() + "/" + account.account());
        }

        @Override
        protected void endFirm(String firm) {
            calls.add("end " + firm);
        }

        @Override
        protected void abandonFirm(String firm) {
            calls.add("abandon " + firm);
        }
    }

    private static void feed(MarginSink sink, String... accounts) {
        sink.begin(null);
        for (String a : accounts) {
            String[] fa = a.split("/");
            MarginAccount account = new MarginAccount(fa[0], fa[1], SegregationClass.SEC_15C3_3_CUST);
            sink.prepare(account, null, List.of()).run();
        }
        sink.end();
    }

    @Test
    void aFirmThatFailsIsAbandonedAndTheOthersAreWritten() {
        Recording sink = new Recording("B");
        feed(sink, "A/1", "A/2", "B/1", "B/2", "B/3", "C/1");
        assertThat(sink.calls).containsExactly("start A", "A/1", "A/2", "end A", "start B", "B/1", "abandon B",
                "start C", "C/1", "end C");
        assertThat(sink.failures()).containsOnlyKeys("B");
        assertThat(sink.failures().get("B")).startsWith("IllegalArgumentException: The maximum length");
    }

    @Test
    void withoutAFailureEveryFirmIsWritten() {
        Recording sink = new Recording("none");
        feed(sink, "A/1", "B/2");
        assertThat(sink.calls).containsExactly("start A", "A/1", "end A", "start B", "B/2", "end B");
        assertThat(sink.failures()).isEmpty();
    }
}
