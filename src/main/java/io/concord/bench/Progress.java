package io.concord.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long stage on the terminal: records done of the total, the rate and the time left, redrawn on one
 * line every second. Only when the output is a terminal ({@code System.console() != null}); otherwise it prints
 * nothing, so logs and pipes stay clean.
 */
public final class Progress implements AutoCloseable {

    private final Thread thread;
    private final PrintStream out;

    private Progress(Thread thread, PrintStream out) {
        this.thread = thread;
        this.out = out;
    }

    /** Starts reporting {@code done} against {@code total} under {@code label}, if stderr is a terminal. */
    public static Progress start(String label, long total, LongSupplier done) {
        if (System.console() == null) {
            return new Progress(null, null);
        }
        PrintStream out = System.err;
        long start = System.nanoTime();
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(1000);
                    out.print("\r" + line(label, done.getAsLong(), total, (System.nanoTime() - start) / 1e9)
                            + "\033[K");
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-progress");
        t.setDaemon(true);
        t.start();
        return new Progress(t, out);
    }

    /** One progress line, e.g. {@code csv pipeline: 340,000 / 1,000,000 records, 210,512 records/s, ETA 3 s}. */
    static String line(String label, long done, long total, double seconds) {
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 && done < total ? String.format(Locale.ROOT, ", ETA %.0f s", (total - done) / rate) : "";
        return String.format(Locale.ROOT, "%s: %,d / %,d records, %,.0f records/s%s", label, done, total, rate, eta);
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.print("\r\033[K");
            out.flush();
        }
    }
}
