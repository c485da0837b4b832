package io.concord.gateway.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An OutOfMemoryError on any thread ends the process, even without {@code -XX:+ExitOnOutOfMemoryError} and with a
 * non-daemon thread that would otherwise keep a half-dead JVM running.
 */
class OutOfMemoryTest {

    /** The child: installs the handler, keeps a non-daemon thread alive, runs out of heap on another. */
    public static void main(String[] args) throws Exception {
        OutOfMemory.install();
        Thread keeper = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        keeper.start();
        Thread eater = new Thread(() -> {
            List<long[]> hoard = new ArrayList<>();
            while (true) {
                hoard.add(new long[1 << 20]);
            }
        });
        eater.start();
        keeper.join();
        System.exit(0); // not reached: the handler halts first
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theProcessHaltsWithItsOwnStatus() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), OutOfMemoryTest.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(OutOfMemory.EXIT_STATUS);
        assertThat(out).contains("concord: OutOfMemoryError, halting");
    }
}
