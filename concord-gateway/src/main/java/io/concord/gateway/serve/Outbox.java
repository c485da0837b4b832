package io.concord.gateway.serve;

import com.fasterxml.jackson.databind.ObjectReader;
import io.concord.gateway.ProcessRun;
import io.concord.ledger.Ledger;
import io.concord.mapping.NormalizedBatch;
import io.concord.model.CollateralLine;
import io.concord.model.Lineage;
import io.concord.model.Position;
import io.concord.model.Sensitivity;
import io.concord.report.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A gateway on Kafka hands its stored submissions to the bus workers through this outbox: a submission is published
 * only once the ledger has committed it, read back from its normalized files ({@code out/submissions/<id>/normalized/},
 * written and moved into place before the commit), so the workers never hold a record of a submission the ledger
 * does not. One thread publishes the submissions in commit order and does not go on to the next before the broker
 * acknowledged every record of one: each record of a later submission then follows, on its partition, every record
 * of the earlier ones. A publish that fails is tried again (after 1 s, doubling to 30 s) until it succeeds.
 *
 * <p>A gateway that stops before a submission's records are all published publishes again, at its start, every
 * submission the workers have not applied whole ({@link Ledger#unapplied()}, in the order received): the records
 * already published or applied come again with their identities and change nothing, and the rest follow in order.
 */
final class Outbox implements AutoCloseable {

    /** Records per batch read back (a source record's records of one kind are never split across batches). */
    static final int BATCH = 1_000;

    private final Path submissions;
    private final Consumer<NormalizedBatch> publish;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bus-outbox");
        t.setDaemon(true);
        return t;
    });

    /** An outbox reading submissions under {@code submissions} and handing their batches to {@code publish}. */
    Outbox(Path submissions, Consumer<NormalizedBatch> publish) {
        this.submissions = submissions;
        this.publish = publish;
    }

    /** Whether {@link #enqueueUnapplied} has run: until then submissions committed are held, not published. */
    private boolean open;
    private final List<String> held = new ArrayList<>();

    /**
     * Publishes a committed submission after those enqueued before it; before the outbox opens it is held, and once
     * the outbox is closed (the gateway stopping), it is left for the next start ({@link #enqueueUnapplied}).
     */
    synchronized void enqueue(String submissionId) {
        if (!open) {
            held.add(submissionId);
            return;
        }
        submit(submissionId);
    }

    private void submit(String submissionId) {
        try {
            thread.execute(() -> publishUntilDone(submissionId));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            System.err.println("bus outbox: stopped; submission " + submissionId + " is published at the next start");
        }
    }

    /**
     * Opens the outbox (at start, once the bus can be reached): first every submission the workers have not applied
     * whole, in the order received, then those committed since the gateway started (held until now), so none
     * committed later is published ahead of an earlier one.
     */
    synchronized void enqueueUnapplied(Ledger ledger) {
        List<String> ids = new ArrayList<>();
        for (Ledger.Unapplied u : ledger.unapplied()) {
            ids.add(u.submissionId());
        }
        for (String id : held) {
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        held.clear();
        open = true;
        ids.forEach(this::submit);
    }

    private void publishUntilDone(String submissionId) {
        long wait = 1_000;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                publish(submissionId);
                return;
            } catch (IOException | RuntimeException e) {
                System.err.println("bus outbox: submission " + submissionId + " not published (" + e
                        + "); trying again in " + wait / 1000 + " s");
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            wait = Math.min(30_000, wait * 2);
        }
    }

    /** Every normalized record of a stored submission, kind by kind, in batches of whole source records. */
    void publish(String submissionId) throws IOException {
        Path dir = submissions.resolve(submissionId);
        batches(dir.resolve(ProcessRun.NORMALIZED_POSITIONS), Json.MAPPER.readerFor(Position.class), Position::lineage,
                list -> new NormalizedBatch(null, 0, false, list, List.of(), List.of(), List.of()));
        batches(dir.resolve(ProcessRun.NORMALIZED_COLLATERAL), Json.MAPPER.readerFor(CollateralLine.class),
                CollateralLine::lineage, list -> new NormalizedBatch(null, 0, false, List.of(), list, List.of(),
                        List.of()));
        batches(dir.resolve(ProcessRun.NORMALIZED_SENSITIVITIES), Json.MAPPER.readerFor(Sensitivity.class), Sensitivity::lineage,
                list -> new NormalizedBatch(null, 0, false, List.of(), List.of(), list, List.of()));
    }

    private <T> void batches(Path file, ObjectReader reader, Function<T, Lineage> lineage,
                             Function<List<T>, NormalizedBatch> batch) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<T> items = new ArrayList<>(BATCH);
            for (String line; (line = in.readLine()) != null; ) {
                T item = reader.readValue(line);
                if (items.size() >= BATCH
                        && lineage.apply(items.get(items.size() - 1)).record() != lineage.apply(item).record()) {
                    publish.accept(batch.apply(items));
                    items = new ArrayList<>(BATCH);
                }
                items.add(item);
            }
            if (!items.isEmpty()) {
                publish.accept(batch.apply(items));
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
