package io.concord.gateway.cli;

import io.concord.gateway.serve.ServeConfig;
import io.concord.gateway.serve.ServeRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code concord serve}: the gateway as a long-running service. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the gateway until stopped: inbox folders per feed, the HTTP API with API keys, the "
                + "ledger (embedded H2 by default, PostgreSQL by JDBC URL).")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", description = "serve configuration (YAML); default: built-in defaults, no API keys")
    Path config;

    @Override
    public Integer call() throws Exception {
        ServeConfig c = config == null ? ServeConfig.defaults() : ServeConfig.load(config);
        new ServeRuntime(c).run();
        return 0;
    }
}
