package io.concord.gateway;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Progress of a long run on the terminal, redrawn on one line of standard error every second: what is done of the
 * total, the rate and the time left. Only when the output is a terminal ({@code System.console() != null});
 * otherwise it prints nothing, so logs and pipes stay clean.
 */
public final class Progress implements AutoCloseable {

    private final Thread thread;
    private final PrintStream out;

    private Progress(Thread thread, PrintStream out) {
        this.thread = thread;
        this.out = out;
    }

    /** Starts reporting {@code done} records against {@code total} under {@code label}, if stderr is a terminal. */
    public static Progress start(String label, long total, LongSupplier done) {
        long start = System.nanoTime();
        return start(() -> line(label, done.getAsLong(), total, (System.nanoTime() - start) / 1e9));
    }

    /** Starts redrawing {@code line} every second, if stderr is a terminal; a null line draws nothing. */
    public static Progress start(Supplier<String> line) {
        if (System.console() == null) {
            return new Progress(null, null);
        }
        PrintStream out = System.err;
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(1000);
                    String l = line.get();
                    if (l != null) {
                        out.print("\r" + l + "\033[K");
                        out.flush();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "concord-progress");
        t.setDaemon(true);
        t.start();
        return new Progress(t, out);
    }

    /** One progress line, e.g. {@code csv pipeline: 340,000 / 1,000,000 records, 210,512 records/s, ETA 3 s}. */
    public static String line(String label, long done, long total, double seconds) {
        return line(label, done, total, "records", seconds);
    }

    /** One progress line counting {@code unit}s. */
    public static String line(String label, long done, long total, String unit, double seconds) {
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 && done < total ? String.format(Locale.ROOT, ", ETA %.0f s", (total - done) / rate) : "";
        return String.format(Locale.ROOT, "%s: %,d / %,d %s, %,.0f %s/s%s", label, done, total, unit, rate, unit, eta);
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
