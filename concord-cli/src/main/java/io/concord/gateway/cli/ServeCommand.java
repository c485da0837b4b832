package io.concord.gateway.cli;

import io.concord.gateway.runtime.ConcordConfig;
import io.concord.gateway.bus.BusConfig;
import io.concord.gateway.runtime.BusPipeline;
import io.concord.gateway.bus.BusWorker;
import io.concord.gateway.bus.WorkerState;
import io.concord.gateway.serve.OutOfMemory;
import io.concord.gateway.serve.Redact;
import io.concord.gateway.serve.ServeConfig;
import io.concord.gateway.runtime.ServeRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code concord serve}: the gateway as a long-running service. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the gateway until stopped: inbox folders per feed, the HTTP API with API keys, the "
                + "ledger (embedded H2 by default, PostgreSQL by JDBC URL). With -Dconcord.bus=kafka the gateway "
                + "publishes normalized records to Kafka and '--role worker' instances consume them.")
public final class ServeCommand implements Callable<Integer> {

    /** What this instance does. */
    enum Role { gateway, worker }

    @Option(names = "--config", description = "serve configuration (YAML); default: built-in defaults, no API keys")
    Path config;

    @Option(names = "--role", defaultValue = "gateway", description = "gateway (inbox, API, pipeline; publishes to "
            + "the bus when concord.bus=kafka) or worker (consumes the Kafka bus into the ledger's worker state, "
            + "one member of the consumer group concord.kafka.group); default: ${DEFAULT-VALUE}")
    Role role;

    @Option(names = "--demo", description = "serve the demo: the fixtures submitted into a fresh folder demo-serve/ "
            + "on 127.0.0.1:8480 with the published demo keys; prints the console's URL and the keys")
    boolean demo;

    @Option(names = "--port", description = "HTTP port (overrides the configuration and CONCORD_PORT; default 8480)")
    Integer port;

    @Option(names = "--host", description = "interface to listen on (overrides the configuration and CONCORD_HOST; "
            + "default 127.0.0.1; beyond loopback only with TLS)")
    String host;

    /** How the gateway's log lines are written. */
    enum LogFormat { text, json }

    @Option(names = "--log-format", defaultValue = "text", description = "text (default) or json: every line on "
            + "standard output and error as a JSON object {time, level, stream, message}")
    LogFormat logFormat;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (logFormat == LogFormat.json) {
            io.concord.gateway.serve.JsonLog.install();
        }
        OutOfMemory.install().ifPresent(w -> System.err.println("WARNING concord serve " + w));
        try {
            return serve();
        } catch (Exception e) {
            // a failure to reach the ledger may quote its URL, with the password in it
            throw new IllegalStateException(Redact.url(ConcordCli.oneLine(e)), e);
        }
    }

    private int serve() throws Exception {
        if (demo) {
            String home = System.getProperty("concord.home", ".");
            ServeRuntime runtime = io.concord.gateway.runtime.DemoServe.start(Path.of("demo-serve"),
                    port == null ? 8480 : port,
                    Path.of(home, "mappings"), java.util.List.of(Path.of(home, "fixtures")),
                    spec.commandLine().getOut());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    runtime.stop();
                } catch (Exception e) {
                    System.err.println("concord serve --demo: stopping: " + e);
                }
            }));
            Thread.currentThread().join(); // until SIGTERM / Ctrl-C, whose hook stops the gateway
            return 0;
        }
        ConcordConfig concord = ConcordConfig.load(config).withListener(host, port);
        ServeConfig c = concord.serve();
        if (role == Role.worker) {
            BusConfig bus = concord.bus();
            try (WorkerState state = WorkerState.open(c.ledgerUrl(), c.ledgerUser(), c.ledgerPassword())) {
                System.out.println("concord serve --role worker: group " + bus.group() + " on " + bus.brokers()
                        + ", state in " + Redact.url(c.ledgerUrl()));
                BusPipeline.worker(concord, new BusWorker(state)).run();
            }
            return 0;
        }
        new ServeRuntime(concord).run();
        return 0;
    }
}
