package io.concord.bench;

import io.concord.gateway.serve.ServeConfig;
import io.concord.gateway.runtime.ConcordConfig;
import io.concord.gateway.runtime.ServeRuntime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The serve part of {@code concord bench}: a real gateway ({@link ServeRuntime}, inbox only, its ledger on H2 or
 * PostgreSQL) takes the bench's CSV feed (one firm), then a small file of another firm while the large one is held.
 * Measured: the large submission from the moment its file is renamed into the inbox to the moment it is committed
 * (moved to {@code done/}), the commit's own share, the first current state (a full recomputation over everything
 * held), and the small submission from its drop to the current state that includes it.
 *
 * @param ledger              {@code H2} or {@code PostgreSQL}
 * @param positions           positions of the large submission (all booked)
 * @param submitSeconds       large file dropped in the inbox until committed (processed, published, committed)
 * @param commitSeconds       the ledger commit's share of it
 * @param firstStateSeconds   large file committed until the current state including it is published
 * @param smallPositions      positions of the small submission
 * @param smallStateSeconds   small file dropped until the current state reflects it: its firm's reports, published
 *                            ahead of the rest of the state when only that firm is redone ({@link
 *                            io.concord.gateway.serve.CurrentState#reflects})
 * @param smallWholeSeconds   small file dropped until the whole current state including it is published (0: not
 *                            measured)
 * @param failure             why the measurement did not complete (null when it did)
 */
public record ServeBench(String ledger, long positions, double submitSeconds, double commitSeconds,
                         double firstStateSeconds, long smallPositions, double smallStateSeconds,
                         double smallWholeSeconds, String failure) {

    /** Target (issue 23): a 1,000,000-position submission committed in at most this many seconds. */
    public static final double COMMIT_TARGET_SECONDS = 60;
    /** Target (issue 23): a small submission of one firm in the current state in at most this many seconds. */
    public static final double SMALL_STATE_TARGET_SECONDS = 2;

    private static final long WAIT_MILLIS = TimeUnit.MINUTES.toMillis(15);
    private static final String FEED = "sec-bd-positions";

    /**
     * Measures a gateway on {@code ledgerUrl} ({@code user}, {@code password}) in {@code work}: the large
     * {@code feed} of {@code positions} positions, then {@code small} of {@code smallPositions}.
     */
    public static ServeBench measure(String name, String ledgerUrl, String user, String password, Path feed,
                                     long positions, Path small, long smallPositions, Path work, Path mappings) {
        try {
            Files.createDirectories(work);
            ServeConfig config = new ServeConfig("127.0.0.1", freePort(), 0, work.resolve("inbox"), work.resolve("out"),
                    mappings, ledgerUrl, user, password, List.of())
                    .withInbox(ServeConfig.InboxReady.rename, 0);
            ServeRuntime runtime = new ServeRuntime(ConcordConfig.defaults().withServe(config));
            runtime.start();
            try {
                Path inbox = config.inbox().resolve(FEED);
                long t0 = System.nanoTime();
                drop(feed, inbox, "large.csv");
                awaitDone(inbox, "large.csv");
                double submit = (System.nanoTime() - t0) / 1e9;
                double commit = runtime.gateway().lastCommitSeconds();
                long t1 = System.nanoTime();
                String firstFailure;
                try {
                    runtime.gateway().current().settled().get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                    firstFailure = runtime.gateway().current().failure().orElse(null);
                } catch (java.util.concurrent.ExecutionException e) {
                    // an Error (OutOfMemoryError) of the recomputation: the commit's figures still stand
                    firstFailure = e.getCause().toString();
                }
                double first = (System.nanoTime() - t1) / 1e9;
                if (firstFailure != null) {
                    return new ServeBench(name, positions, submit, commit, first, smallPositions, 0, 0,
                            "first current state: " + firstFailure);
                }
                long t2 = System.nanoTime();
                drop(small, inbox, "small.csv");
                awaitDone(inbox, "small.csv");
                String id = runtime.gateway().lastCommitted();
                CompletableFuture<Void> whole = runtime.gateway().current().settled();
                long deadline = System.currentTimeMillis() + WAIT_MILLIS;
                while (!runtime.gateway().current().reflects(id) && !whole.isDone()
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(2); // the recomputation publishes on its own thread; nothing to wait on but it
                }
                double smallState = (System.nanoTime() - t2) / 1e9;
                whole.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                double smallWhole = (System.nanoTime() - t2) / 1e9;
                if (!runtime.gateway().current().reflects(id)) {
                    return new ServeBench(name, positions, submit, commit, first, smallPositions, 0, smallWhole,
                            "the current state does not reflect the small submission " + id);
                }
                return new ServeBench(name, positions, submit, commit, first, smallPositions, smallState, smallWhole,
                        runtime.gateway().current().failure().map(f -> "current state: " + f).orElse(null));
            } finally {
                runtime.stop();
            }
        } catch (Exception e) {
            return new ServeBench(name, positions, 0, 0, 0, smallPositions, 0, 0, e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
    }

    /** The commit target is met: the submission committed in time (a later current state may have failed). */
    public boolean commitMet() {
        // the submission was committed when its drop-to-commit time was measured, whatever came after
        return submitSeconds > 0 && submitSeconds <= COMMIT_TARGET_SECONDS;
    }

    /** The incremental target is met: the small submission in the current state in time. */
    public boolean smallStateMet() {
        return failure == null && smallStateSeconds > 0 && smallStateSeconds <= SMALL_STATE_TARGET_SECONDS;
    }

    /** Copies {@code file} beside the inbox under a temporary name, then renames it in (the rename convention). */
    private static void drop(Path file, Path inbox, String name) throws IOException {
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve("." + name);
        Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits until the gateway has moved {@code name} to {@code done/} (or {@code error/}: a failure). */
    private static void awaitDone(Path inbox, String name) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (settledIn(inbox.resolve("done"), name)) {
                return;
            }
            if (settledIn(inbox.resolve("error"), name)) {
                throw new IllegalStateException(name + " was rejected whole (moved to error/)");
            }
            Thread.sleep(10); // the gateway moves the file on its own thread; nothing to wait on but the folder
        }
        throw new IllegalStateException(name + " not committed within " + WAIT_MILLIS / 1000 + " s");
    }

    private static boolean settledIn(Path dir, String name) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(name));
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A schema of its own on the PostgreSQL server at {@code url}, and the URL that uses it; null when none answers. */
    public static String[] postgresSchema(String url, String user, String password) {
        return io.concord.ledger.LedgerSchemas.create(url, user, password, "concord_bench_");
    }

    /** Drops the bench's schema again. */
    public static void dropSchema(String url, String user, String password, String schema) {
        io.concord.ledger.LedgerSchemas.drop(url, user, password, schema);
    }
}
