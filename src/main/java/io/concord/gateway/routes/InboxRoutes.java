package io.concord.gateway.routes;

import io.concord.gateway.serve.Principal;
import io.concord.gateway.serve.ServeGateway;
import io.concord.report.Ack;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Inbox folders, one per feed: {@code inbox/<feed-id>/}, and {@code inbox/<feed-id>/resubmit/} for content sent
 * again on purpose (after a mapping fix, a corrected reference file): a file there is processed even when the ledger
 * holds its content, as a new submission that supersedes the earlier one. A file is taken once it has stopped
 * changing (read lock), processed through the ingest endpoint, and moved to the feed's {@code done/} (or
 * {@code error/} when the whole file was rejected) — never deleted. The move happens after the submission is
 * committed, so a crash leaves the file in the inbox to be processed again. A file whose submission could not be
 * stored (an internal error, see {@link ServeGateway.NotStored}) stays where it is and is taken again when the
 * gateway restarts.
 */
public final class InboxRoutes extends RouteBuilder {

    private static final String OUTCOME = "concordOutcome";
    /** The registry name of the filter that holds back files that failed, until restart. */
    private static final String HELD = "concordInboxHeld";

    private final ServeGateway gateway;
    private final Path inbox;
    private final List<String> feeds;
    /** Files (path, size, modification time) whose submission failed: not taken again until restart. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    public InboxRoutes(ServeGateway gateway, Path inbox, List<String> feeds) {
        this.gateway = gateway;
        this.inbox = inbox;
        this.feeds = List.copyOf(feeds);
    }

    @Override
    public void configure() {
        getContext().getRegistry().bind(HELD, (GenericFileFilter<File>) f -> f.isDirectory() || !held.contains(key(f)));
        for (String feed : feeds) {
            from(feed, inbox.resolve(feed), false);
            from(feed, inbox.resolve(feed).resolve("resubmit"), true);
        }
    }

    private void from(String feed, Path folder, boolean resubmit) {
        Path settled = inbox.resolve(feed).toAbsolutePath();
        String uri = "file:" + folder.toAbsolutePath() + "?readLock=changed"
                + "&readLockMinAge=1000&readLockCheckInterval=250&readLockTimeout=60000"
                + "&exclude=^\\..*&sortBy=file:modified&recursive=false&filter=#" + HELD
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

    private static String key(GenericFile<File> f) {
        return key(f.getFile());
    }

    private static String key(File f) {
        return f.getAbsolutePath() + "|" + f.length() + "|" + f.lastModified();
    }

    private void take(Exchange e, String feed, boolean resubmit, String label) {
        Path file = e.getIn().getBody(File.class).toPath();
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
