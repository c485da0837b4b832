package io.concord.gateway.serve;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * API answers that grow with the state (a firm's positions, its part of the stress document), written to disk as
 * they are produced and then streamed to the client, so an answer never has to fit the gateway's heap. Each is a
 * file under {@code out/.answers/} that loses its name as soon as it is opened for the answer: its space is freed
 * when the answer's stream is closed, or when the process ends; what a killed gateway left is cleared at start.
 */
public final class Answers {

    /** Writes an answer's bytes. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private final Path dir;

    /** Answers spooled under {@code dir}, which is cleared of what an earlier process left. */
    public Answers(Path dir) {
        this.dir = dir;
        try {
            ServeGateway.deleteTree(dir);
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }

    /**
     * The answer {@code writer} writes, as a stream to send; when the writer fails nothing is left and its failure
     * is thrown.
     */
    public InputStream spool(Writer writer) {
        Path file = null;
        try {
            file = Files.createTempFile(dir, "answer-", ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                writer.write(out);
            }
            InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            Files.delete(file); // the open stream keeps the content until it is closed
            return in;
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException("cannot write an answer under " + dir, e);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // cleared at the next start
            }
        }
    }
}
