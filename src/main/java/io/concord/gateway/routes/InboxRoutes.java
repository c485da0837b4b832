package io.concord.gateway.routes;

import io.concord.gateway.serve.Principal;
import io.concord.gateway.serve.ServeGateway;
import io.concord.report.Ack;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * Inbox folders, one per feed: {@code inbox/<feed-id>/}. A file is taken once it has stopped changing (read
 * lock), processed through the ingest endpoint, and moved to {@code done/} (or {@code error/} when the whole
 * file was rejected) beside it — never deleted. The move happens after the submission is committed, so a crash
 * leaves the file in the inbox to be processed again.
 */
public final class InboxRoutes extends RouteBuilder {

    private static final String OUTCOME = "concordOutcome";

    private final ServeGateway gateway;
    private final Path inbox;
    private final List<String> feeds;

    public InboxRoutes(ServeGateway gateway, Path inbox, List<String> feeds) {
        this.gateway = gateway;
        this.inbox = inbox;
        this.feeds = List.copyOf(feeds);
    }

    @Override
    public void configure() {
        for (String feed : feeds) {
            String uri = "file:" + inbox.resolve(feed).toAbsolutePath() + "?readLock=changed"
                    + "&readLockMinAge=1000&readLockCheckInterval=250&readLockTimeout=60000"
                    + "&exclude=^\\..*&sortBy=file:modified&recursive=false"
                    + "&move=${exchangeProperty." + OUTCOME + "}/${date:now:yyyyMMdd'T'HHmmssSSS}-${file:name}"
                    + "&moveFailed=error/${date:now:yyyyMMdd'T'HHmmssSSS}-${file:name}";
            from(uri).routeId("inbox-" + feed).routeConfigurationId("pipeline")
                    .onCompletion().onFailureOnly()
                        .process(e -> System.out.println("failed " + feed + "/" + e.getIn().getHeader(
                                Exchange.FILE_NAME_ONLY) + ": left in error/ - " + e.getException()))
                    .end()
                    .process(e -> take(e, feed))
                    .to("{{concord.endpoint.ingest}}")
                    .process(this::settle);
        }
    }

    private void take(Exchange e, String feed) {
        Path file = e.getIn().getBody(File.class).toPath();
        gateway.expect(file, feed, Principal.INBOX);
        e.setProperty("concordFile", file);
        e.getIn().setBody(file);
        System.out.println("taken " + feed + "/" + file.getFileName());
    }

    private void settle(Exchange e) {
        Ack ack = gateway.outcome(e.getProperty("concordFile", Path.class));
        e.setProperty(OUTCOME, ack.status() == Ack.Status.REJECTED ? "error" : "done");
        System.out.println("committed " + ack.submissionId() + " " + ack.status() + " received=" + ack.received()
                + " accepted=" + ack.accepted() + " rejected=" + ack.rejected()
                + (ack.duplicateOf() == null ? "" : " duplicateOf=" + ack.duplicateOf()));
    }
}
