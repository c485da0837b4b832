package io.concord.gateway.serve;

import io.concord.gateway.cli.ConcordCli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * {@code concord serve} in a JVM of its own, as an operator runs it (a heap of its own size,
 * {@code -XX:+ExitOnOutOfMemoryError}), for tests that need the process: its heap, a kill, a restart. Its output
 * is collected line by line as it comes.
 */
final class ChildGateway implements AutoCloseable {

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    /** Starts {@code concord serve --config config} in {@code dir} with a heap of {@code heap} (e.g. {@code 256m}). */
    ChildGateway(Path dir, Path config, String heap) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                ConcordCli.class.getName(), "serve", "--config", config.toString());
        pb.directory(dir.toFile());
        pb.redirectErrorStream(true);
        process = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("(output ended: " + e + ")");
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Every line printed so far. */
    List<String> output() {
        return output;
    }

    /**
     * Waits (up to {@code minutes}) until a line starting with {@code start} has been printed, and returns it; fails
     * as soon as the gateway ends, or prints that a submission {@code failed}.
     */
    String awaitLine(String start, int minutes) {
        await().atMost(minutes, TimeUnit.MINUTES).until(() -> output.stream().anyMatch(l -> l.startsWith(start)
                || l.startsWith("failed ")) || !process.isAlive());
        if (output.stream().anyMatch(l -> l.startsWith("failed ")) && !start.startsWith("failed ")) {
            throw new AssertionError("the gateway failed a submission: " + output);
        }
        return output.stream().filter(l -> l.startsWith(start)).findFirst().orElseThrow(() -> new AssertionError(
                "the gateway ended without printing '" + start + "': " + output));
    }

    /** The exit status, once it has ended. */
    int exitValue() {
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, then waits: the gateway stops gracefully (and is never left running when a test fails). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
    }
}
