package io.concord.gateway.serve;

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
import io.concord.ledger.Ledger;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.nio.file.Files;

/** Serve mode wired in camel-main: inbox folders, the HTTP API, HTTP polling (when configured), the pipeline, the
 * ledger. */
public final class ServeRuntime {

    private final ServeConfig config;
    private final Main main = new Main();
    private final ServeGateway gateway;

    public ServeRuntime(ServeConfig config) throws IOException {
        this.config = config;
        Ledger ledger = Ledger.open(config.ledgerUrl(), config.ledgerUser(), config.ledgerPassword());
        this.gateway = new ServeGateway(config, ledger);
        for (String feed : FeedFormats.standard().ids()) {
            Files.createDirectories(config.inbox().resolve(feed).resolve("done"));
            Files.createDirectories(config.inbox().resolve(feed).resolve("error"));
        }
        main.configure().addRoutesBuilder(new ErrorHandling(gateway));
        // on the Kafka bus (concord.bus=kafka) every normalized record is also published for the workers
        BusConfig bus = BusConfig.fromConfiguration();
        main.configure().addRoutesBuilder(new IngestRoutes(gateway, bus.isKafka()));
        if (bus.isKafka()) {
            bus.endpoints().forEach(main::addOverrideProperty);
            main.configure().addRoutesBuilder(new BusRoutes(new BusPublisher(), null));
            try {
                KafkaTopics.ensure(bus);
            } catch (java.util.concurrent.ExecutionException | InterruptedException e) {
                throw new IOException("cannot reach Kafka at " + bus.brokers() + ": " + e.getMessage(), e);
            }
        }
        main.configure().addRoutesBuilder(new InboxRoutes(gateway, config.inbox(), FeedFormats.standard().ids()));
        main.configure().addRoutesBuilder(new ApiRoutes(gateway, new Access(config.principals()), ledger,
                config.out(), config.maxBodyBytes()));
        main.configure().addRoutesBuilder(new HttpPollRoutes(gateway,
                new Spool(config.out().resolve(".incoming").resolve("poll"))));
        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost(config.host());
        http.setBindPort(config.port());
        // The API answers 413 with a JSON reason from the declared Content-Length. Vert.x reads the body before
        // any route runs and refuses by itself (plain-text 413) only beyond twice the limit: the backstop for
        // bodies sent chunked without a length, or far over it.
        http.setMaxBodySize(2 * config.maxBodyBytes());
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void afterStart(org.apache.camel.main.BaseMainSupport m) {
                System.out.println("concord serve: http://" + config.host() + ":" + config.port() + "/api, inbox "
                        + config.inbox().toAbsolutePath() + ", ledger " + config.ledgerUrl() + ", routes "
                        + m.getCamelContext().getRoutes().size());
            }

            @Override
            public void afterConfigure(org.apache.camel.main.BaseMainSupport m) {
                try {
                    m.getCamelContext().addService(new VertxPlatformHttpServer(http), true, true);
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
        CamelContext ctx = main.getCamelContext();

        System.out.println("concord serve: http://" + config.host() + ":" + config.port() + "/api, inbox "
                + config.inbox().toAbsolutePath() + ", ledger " + config.ledgerUrl() + ", routes "
                + ctx.getRoutes().size());
    }

    /** Runs until the process is told to stop (SIGTERM / Ctrl-C): camel-main shuts down gracefully. */
    public void run() throws Exception {
        main.run();
    }

    public void stop() throws Exception {
        main.stop();
        gateway.current().close();
    }

    public ServeGateway gateway() {
        return gateway;
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }
}
