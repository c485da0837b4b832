package io.concord.gateway.cli;

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

    @Override
    public Integer call() throws Exception {
        OutOfMemory.install().ifPresent(w -> System.err.println("WARNING concord serve " + w));
        try {
            return serve();
        } catch (Exception e) {
            // a failure to reach the ledger may quote its URL, with the password in it
            throw new IllegalStateException(Redact.url(ConcordCli.oneLine(e)), e);
        }
    }

    private int serve() throws Exception {
        ServeConfig c = config == null ? ServeConfig.defaults() : ServeConfig.load(config);
        if (role == Role.worker) {
            BusConfig bus = BusConfig.fromConfiguration();
            try (WorkerState state = WorkerState.open(c.ledgerUrl(), c.ledgerUser(), c.ledgerPassword())) {
                System.out.println("concord serve --role worker: group " + bus.group() + " on " + bus.brokers()
                        + ", state in " + Redact.url(c.ledgerUrl()));
                BusPipeline.worker(bus, new BusWorker(state)).run();
            }
            return 0;
        }
        new ServeRuntime(c).run();
        return 0;
    }
}
