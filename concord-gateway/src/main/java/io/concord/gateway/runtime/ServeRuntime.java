package io.concord.gateway.runtime;

import io.concord.feed.FeedFormats;
import io.concord.gateway.Spool;
import io.concord.gateway.bus.BusConfig;
import io.concord.gateway.bus.BusPublisher;
import io.concord.gateway.bus.KafkaTopics;
import io.concord.gateway.routes.ApiRoutes;
import io.concord.gateway.routes.BusRoutes;
import io.concord.gateway.routes.ErrorHandling;
import io.concord.gateway.routes.HttpPollRoutes;
import io.concord.gateway.routes.InboxRoutes;
import io.concord.gateway.routes.IngestRoutes;
import io.concord.gateway.routes.ReadRoutes;
import io.concord.gateway.serve.Access;
import io.concord.gateway.serve.ApiServer;
import io.concord.gateway.serve.Redact;
import io.concord.gateway.serve.ServeConfig;
import io.concord.gateway.serve.ServeGateway;
import io.concord.gateway.serve.Uploads;
import io.concord.gateway.serve.Reads;
import io.concord.gateway.serve.ServeMetrics;
import io.concord.gateway.serve.Operations;
import io.concord.gateway.serve.Audit;
import io.concord.gateway.serve.Principal;
import io.concord.ledger.Ledger;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Serve mode wired in camel-main: inbox folders, the HTTP API, HTTP polling (when configured), the pipeline, the
 * ledger. */
public final class ServeRuntime {

    private final ServeConfig config;
    private final Main main = new Main();
    private final ServeGateway gateway;
    private final ApiServer http;
    private final BusConfig bus;
    /** On the Kafka bus: what publishes the gateway's stored submissions, once the routes have started. */
    private final java.util.concurrent.atomic.AtomicReference<org.apache.camel.ProducerTemplate> publisher =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** Serve mode as {@code concord} configures it: its serve settings, bus and Camel settings. */
    public ServeRuntime(ConcordConfig concord) throws IOException {
        ServeConfig config = concord.serve();
        this.config = config;
        config.checkExposure().forEach(w -> System.err.println("WARNING concord serve " + w));
        Ledger ledger = Ledger.open(config.ledgerUrl(), config.ledgerUser(), config.ledgerPassword());
        this.gateway = new ServeGateway(config, ledger);
        // after the crash recovery (ServeGateway cleared out/.work; inbox files wait in the inbox): what is left in
        // the spool belongs to uploads and polls the last run did not finish, whose senders got no answer
        Path incoming = config.out().resolve(".incoming");
        int left = Spool.clear(incoming);
        if (left > 0) {
            System.out.println("deleted " + left + " spool file(s) of unfinished transfers in "
                    + incoming);
        }
        for (String feed : FeedFormats.standard().ids()) {
            Files.createDirectories(config.inbox().resolve(feed).resolve("done"));
            Files.createDirectories(config.inbox().resolve(feed).resolve("error"));
        }
        main.configure().addRoutesBuilder(new ErrorHandling(gateway));
        // on the Kafka bus (concord.bus=kafka) the workers write the ledger's state: each committed submission's
        // records are published to them from its stored files (the gateway's outbox), in commit order
        this.bus = concord.bus();
        concord.camelProperties().forEach(main::addOverrideProperty);
        main.configure().addRoutesBuilder(new IngestRoutes(gateway));
        if (bus.isKafka()) {
            main.configure().addRoutesBuilder(new BusRoutes(new BusPublisher(), null));
            gateway.statesWrittenByWorkers(batch -> {
                org.apache.camel.ProducerTemplate t = publisher.get();
                if (t == null) {
                    throw new IllegalStateException("the gateway's routes have not started");
                }
                t.requestBody("{{concord.endpoint.publish}}", batch);
            });
            try {
                KafkaTopics.ensure(bus);
            } catch (java.util.concurrent.ExecutionException | InterruptedException e) {
                throw new IOException("cannot reach Kafka at " + bus.brokers() + ": " + e.getMessage(), e);
            }
        }
        main.configure().addRoutesBuilder(new InboxRoutes(gateway, config.inbox(), FeedFormats.standard().ids(),
                config.inboxReady(), config.inboxStableForMillis()));
        Access access = new Access(config.principals());
        Uploads uploads = new Uploads(new Spool(incoming), config.maxBodyBytes());
        main.configure().addRoutesBuilder(new ApiRoutes(gateway, access, ledger, uploads));
        main.configure().addRoutesBuilder(new ReadRoutes(access, new Reads(ledger, gateway.current(),
                config.principals(), config.mappings(), gateway::mappings)));
        main.configure().addRoutesBuilder(new HttpPollRoutes(gateway, new Spool(incoming.resolve("poll"))));
        ServeMetrics metrics = new ServeMetrics();
        gateway.observe(metrics);
        ApiServer http = new ApiServer(config, access, uploads, new Operations(ledger, gateway.current(), metrics,
                new Audit(config.out().resolve("audit"))));
        this.http = http;
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void afterStart(org.apache.camel.main.BaseMainSupport m) {
                System.out.println(startLine(m.getCamelContext()));
                startPublishing(m.getCamelContext());
            }

            @Override
            public void afterConfigure(org.apache.camel.main.BaseMainSupport m) {
                try {
                    m.getCamelContext().addService(http, true, true);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot start the HTTP server on " + config.host() + ":"
                            + config.port() + ": " + e.getMessage(), e);
                }
            }
        });
    }

    /** Starts and returns; {@link #stop()} stops gracefully, letting in-flight files finish. */
    public void start() throws Exception {
        main.start();
        System.out.println(startLine(main.getCamelContext()));
        startPublishing(main.getCamelContext());
    }

    /** On the Kafka bus, once the routes run: the gateway's outbox can publish, the unapplied submissions first. */
    private void startPublishing(CamelContext ctx) {
        if (bus.isKafka() && publisher.compareAndSet(null, ctx.createProducerTemplate())) {
            gateway.publishUnapplied();
        }
    }

    /** The line saying the gateway is up; credentials in the ledger URL masked. */
    private String startLine(CamelContext ctx) {
        return "concord serve: " + config.apiUrl() + ", inbox " + config.inbox().toAbsolutePath() + " (files "
                + "taken when " + switch (config.inboxReady()) {
                    case marker -> "<name>" + InboxRoutes.MARKER + " exists";
                    case rename -> "renamed in";
                    case stable -> "unchanged for " + config.inboxStableForMillis() + " ms";
                } + "), ledger " + Redact.url(config.ledgerUrl()) + ", routes " + ctx.getRoutes().size();
    }

    /** Runs until the process is told to stop (SIGTERM / Ctrl-C): camel-main shuts down gracefully. */
    public void run() throws Exception {
        main.run();
    }

    public void stop() throws Exception {
        gateway.stopPublishing();
        main.stop();
        gateway.current().close();
    }

    /**
     * Submits a file through the pipeline as {@code principal} would (the feed detected from its content), waiting
     * for its ack; used by {@code serve --demo} to load the fixtures.
     */
    public io.concord.model.Ack ingest(Path file, Principal principal) {
        gateway.expect(file, null, principal);
        try {
            main.getCamelContext().createProducerTemplate().sendBody(main.getCamelContext()
                    .resolvePropertyPlaceholders("{{concord.endpoint.ingest}}"), file);
            return gateway.outcome(file);
        } finally {
            gateway.abandon(file); // no effect once settled; clears a file whose route failed
        }
    }

    /** The port the HTTP server listens on (the one chosen when the configuration says 0). */
    public int port() {
        return http.port();
    }

    public ServeGateway gateway() {
        return gateway;
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }
}
