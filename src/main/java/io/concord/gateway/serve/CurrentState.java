package io.concord.gateway.serve;

import io.concord.gateway.StateOutputs;
import io.concord.ledger.Ledger;
import io.concord.mapping.MappingSet;
import io.concord.report.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * {@code out/current/}: the outputs of the gateway's whole state ({@link StateOutputs}: book, margin, the firms'
 * margin reports, the regulator views), computed from the ledger after every committed submission, so they reflect
 * every submission (positions under the overwrite rule, the latest collateral lines and CRIF sensitivities).
 *
 * <p>Each recomputation is written to {@code out/.work/current-<uuid>/} and then moved into place; readers of the
 * API never see a half-written state (the swap is two renames under a write lock, reads take the read lock).
 * When a recomputation fails, the previous state stays on disk but is not served: {@link #failure()} says why.
 */
public final class CurrentState {

    /** {@code state.json}: what the current state was computed from. */
    public static final String STATE_FILE = "state.json";

    private final Path out;
    private final Path current;
    private final Ledger ledger;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile String failure;

    public CurrentState(Path out, Ledger ledger) {
        this.out = out;
        this.current = out.resolve("current");
        this.ledger = ledger;
    }

    /** The folder the current state is published in. */
    public Path folder() {
        return current;
    }

    /** Why the last recomputation failed; empty when the published state is up to date. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Recomputes the state's outputs from the ledger with {@code mappings}' version and {@code engines}, and
     * publishes them. Never throws: a failure is kept for {@link #failure()} and printed.
     */
    public synchronized void recompute(MappingSet mappings, StateOutputs.Engines engines) {
        Path tmp = out.resolve(".work").resolve("current-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp);
            List<String> submissions = ledger.submissionIds();
            Path exceptions = tmp.resolve("exceptions.jsonl");
            try (OutputStream os = Files.newOutputStream(exceptions)) {
                for (String id : submissions) {
                    Path f = out.resolve("submissions").resolve(id).resolve("exceptions.jsonl");
                    if (Files.isRegularFile(f)) {
                        Files.copy(f, os);
                    }
                }
            }
            Map<String, Path> outputs = StateOutputs.write(tmp, mappings.version(), engines, ledger.positions(),
                    ledger.collateral(), ledger.sensitivities(), exceptions);
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("computedAt", Instant.now().toString());
            state.put("mappingsVersion", mappings.version());
            state.put("submissions", submissions.size());
            state.put("lastSubmission", submissions.isEmpty() ? null : submissions.get(submissions.size() - 1));
            Map<String, String> relative = new LinkedHashMap<>();
            outputs.forEach((name, p) -> relative.put(name, tmp.relativize(p).toString()));
            state.put("outputs", relative);
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(STATE_FILE).toFile(), state);
            publish(tmp);
            failure = null;
        } catch (IOException | RuntimeException e) {
            failure = "the current state could not be recomputed after the last submission: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            System.out.println("current state failed: " + failure);
            try {
                ServeGateway.deleteTree(tmp);
            } catch (IOException ignored) {
                // .work is cleared at the next start
            }
        }
    }

    private void publish(Path tmp) throws IOException {
        Path old = out.resolve(".work").resolve("old-" + UUID.randomUUID());
        lock.writeLock().lock();
        try {
            if (Files.exists(current)) {
                Files.move(current, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, current, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            lock.writeLock().unlock();
        }
        ServeGateway.deleteTree(old);
    }

    /**
     * The content of {@code relative} in the published state; empty when it has no such file (nothing committed
     * yet, or no such output). Refuses with 503 while the last recomputation has failed.
     */
    public Optional<byte[]> read(String relative) {
        String why = failure;
        if (why != null) {
            throw new Access.Refused(503, why);
        }
        lock.readLock().lock();
        try {
            return Optional.of(Files.readAllBytes(current.resolve(relative)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative + " of the current state", e);
        } finally {
            lock.readLock().unlock();
        }
    }
}
