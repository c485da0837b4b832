package io.concord.gateway.routes;

import io.concord.gateway.serve.Principal;
import io.concord.gateway.serve.ServeConfig.InboxReady;
import io.concord.gateway.serve.ServeGateway;
import io.concord.model.Ack;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Inbox folders, one per feed: {@code inbox/<feed-id>/}, and {@code inbox/<feed-id>/resubmit/} for content sent
 * again on purpose (after a mapping fix, a corrected reference file): a file there is processed even when the ledger
 * holds its content, as a new submission that supersedes the earlier one.
 *
 * <p>A file is taken only once it is complete, by the convention configured ({@code inboxReady}):
 * <ul>
 * <li>{@code marker} (the default): once a marker file {@code <name>.ready} exists beside it (the writer creates
 * it after closing the file; the marker is deleted when the file is taken);</li>
 * <li>{@code rename}: as soon as it appears under a name that is not temporary; the writer writes under a dot name
 * or one ending {@code .part}, {@code .tmp}, {@code .partial}, {@code .filepart} or {@code ~}, then renames;</li>
 * <li>{@code stable}: once it has not changed for {@code inboxStableForMillis} (a writer pausing longer is taken
 * half-written: only for writers that cannot do either of the above).</li>
 * </ul>
 * Temporary names are never taken under any convention. Only regular files are: a symbolic link (wherever it
 * points), a device, a FIFO or a socket, or a file with more than one hard link, is refused unread, moved to the
 * feed's {@code error/} (the link itself, not its target) and reported. The check is made when the folder is listed
 * and again when the file is taken.
 *
 * <p>A taken file is processed through the ingest endpoint and moved to the feed's {@code done/} (or {@code error/}
 * when the whole file was rejected), never deleted. The move happens after the submission is committed, so a crash
 * leaves the file in the inbox to be processed again. A file whose submission could not be stored (an internal
 * error, see {@link ServeGateway.NotStored}) stays where it is and is taken again when the gateway restarts.
 */
public final class InboxRoutes extends RouteBuilder {

    /** The marker-file suffix of {@link InboxReady#marker}. */
    public static final String MARKER = ".ready";

    /** File names that are written and not yet complete: dot names and the usual temporary suffixes. */
    static final String TEMPORARY = "^\\..*|.*\\.(part|tmp|partial|filepart)$|.*~$";

    private static final String OUTCOME = "concordOutcome";
    /** The registry name of the filter that lets only regular files through, and none that failed until restart. */
    private static final String FILTER = "concordInboxFilter";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS");

    private final ServeGateway gateway;
    private final Path inbox;
    private final List<String> feeds;
    private final InboxReady ready;
    private final long stableForMillis;
    /** Files (path, size, modification time) whose submission failed: not taken again until restart. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    public InboxRoutes(ServeGateway gateway, Path inbox, List<String> feeds, InboxReady ready, long stableForMillis) {
        this.gateway = gateway;
        this.inbox = inbox;
        this.feeds = List.copyOf(feeds);
        this.ready = ready;
        this.stableForMillis = stableForMillis;
    }

    @Override
    public void configure() {
        getContext().getRegistry().bind(FILTER, new RegularFilesOnly());
        for (String feed : feeds) {
            from(feed, inbox.resolve(feed), false);
            from(feed, inbox.resolve(feed).resolve("resubmit"), true);
        }
    }

    private void from(String feed, Path folder, boolean resubmit) {
        String complete = switch (ready) {
            case marker -> "&doneFileName=${file:name}" + MARKER;
            case rename -> "";
            case stable -> "&readLock=changed&readLockMinAge=" + stableForMillis + "&readLockCheckInterval="
                    + Math.max(100, Math.min(1000, stableForMillis / 4)) + "&readLockTimeout=" + 4 * stableForMillis;
        };
        Path settled = inbox.resolve(feed).toAbsolutePath();
        String uri = "file:" + folder.toAbsolutePath() + "?recursive=false"
                + complete + "&exclude=RAW(" + TEMPORARY + ")&filter=#" + FILTER + "&sortBy=file:modified"
                + "&move=" + settled + "/${exchangeProperty." + OUTCOME + "}/${date:now:yyyyMMdd'T'HHmmssSSS}-${file:name}";
        String label = feed + (resubmit ? "/resubmit" : "");
        // no error handler of the pipeline's here: a failure is the exchange's, and leaves the file where it is
        from(uri).routeId("inbox-" + feed + (resubmit ? "-resubmit" : ""))
                .onCompletion().onFailureOnly()
                    .process(e -> fail(e, label))
                .end()
                .process(e -> take(e, feed, resubmit, label))
                .to("{{concord.endpoint.ingest}}")
                .process(this::settle);
    }

    private static String key(File f) {
        return f.getAbsolutePath() + "|" + f.length() + "|" + f.lastModified();
    }

    /** Why {@code file} may not be read as a feed file, if it may not. */
    static Optional<String> notRegular(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) {
            return Optional.of("a symbolic link (to " + Files.readSymbolicLink(file) + "): only regular files "
                    + "are taken, links are never followed");
        }
        if (!a.isRegularFile()) {
            return Optional.of(a.isDirectory() ? "a folder" : "not a regular file (a device, FIFO or socket)");
        }
        try {
            Object links = Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            if (links instanceof Integer n && n > 1) {
                return Optional.of("a file with " + n + " hard links: it may be another file's content; copy it "
                        + "in instead of linking it");
            }
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // no link count on this file system
        }
        return Optional.empty();
    }

    /**
     * Lets only regular files through (anything else is moved to error/ unread and reported), and none whose
     * submission failed in this run of the gateway.
     */
    private final class RegularFilesOnly implements GenericFileFilter<File> {
        @Override
        public boolean accept(GenericFile<File> file) {
            if (file.isDirectory()) {
                return false;
            }
            Path path = file.getFile().toPath();
            try {
                Optional<String> why = notRegular(path);
                if (why.isEmpty()) {
                    return !held.contains(key(file.getFile()));
                }
                refuse(path, why.get());
            } catch (IOException e) {
                System.out.println("refused " + path + ": cannot read its attributes - " + e.getMessage());
            }
            return false;
        }
    }

    /** Moves {@code path} (never what it links to) to its feed's error/ and reports why. */
    private static void refuse(Path path, String why) throws IOException {
        Path folder = path.getParent();
        Path feedFolder = folder.getFileName().toString().equals("resubmit") ? folder.getParent() : folder;
        Path error = feedFolder.resolve("error");
        Files.createDirectories(error);
        Path target = error.resolve(LocalDateTime.now().format(STAMP) + "-" + path.getFileName());
        Files.move(path, target, LinkOption.NOFOLLOW_LINKS);
        System.out.println("refused " + feedFolder.getFileName() + "/" + path.getFileName() + ": " + why
                + "; moved unread to " + target);
    }

    private void take(Exchange e, String feed, boolean resubmit, String label) throws IOException {
        Path file = e.getIn().getBody(File.class).toPath();
        Optional<String> why = notRegular(file); // it may have been swapped since the folder was listed
        if (why.isPresent()) {
            throw new IOException(file.getFileName() + " is " + why.get());
        }
        gateway.expect(file, feed, Principal.INBOX, resubmit);
        e.setProperty("concordFile", file);
        e.getIn().setBody(file);
        System.out.println("taken " + label + "/" + file.getFileName());
    }

    private void fail(Exchange e, String label) {
        Path file = e.getProperty("concordFile", Path.class);
        Exception cause = e.getException() != null ? e.getException()
                : e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (file != null) {
            gateway.abandon(file);
            held.add(key(file.toFile()));
        }
        System.out.println("failed " + label + "/" + e.getIn().getHeader(Exchange.FILE_NAME_ONLY)
                + ": left in the inbox until the gateway restarts - " + cause);
    }

    private void settle(Exchange e) {
        Ack ack = gateway.outcome(e.getProperty("concordFile", Path.class));
        e.setProperty(OUTCOME, ack.status() == Ack.Status.REJECTED ? "error" : "done");
        System.out.println("committed " + ack.submissionId() + " " + ack.status() + " received=" + ack.received()
                + " accepted=" + ack.accepted() + " rejected=" + ack.rejected()
                + (ack.duplicateOf() == null ? "" : " duplicateOf=" + ack.duplicateOf()));
    }
}
