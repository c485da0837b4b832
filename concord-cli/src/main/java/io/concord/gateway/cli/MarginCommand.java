package io.concord.gateway.cli;

import io.concord.gateway.runtime.ConcordConfig;
import io.concord.gateway.StateOutputs;
import io.concord.mapping.MappingSet;
import io.concord.gateway.bus.BusMargin;
import io.concord.ledger.Ledger;
import io.concord.gateway.serve.ServeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code concord margin}: margin.json from the state the bus workers keep in the ledger. */
@Command(name = "margin", mixinStandardHelpOptions = true,
        description = "Compute margin on the state the Kafka bus workers booked (the ledger of --config) and write "
                + "under --out what 'process' writes for its own book: book/, margin/, reports/, regulator/.")
public final class MarginCommand implements Callable<Integer> {

    @Option(names = "--config", description = "serve configuration (YAML) naming the ledger; default: built-in "
            + "defaults (H2 in data/)")
    Path config;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--mappings", defaultValue = "${sys:concord.home:-.}/mappings",
            description = "mappings folder (default: ${DEFAULT-VALUE})")
    Path mappings;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ServeConfig c = ConcordConfig.load(config).serve();
        MappingSet set = MappingSet.load(mappings);
        StateOutputs.Engines engines = StateOutputs.Engines.load(mappings, set);
        Ledger state = Ledger.open(c.ledgerUrl(), c.ledgerUser(), c.ledgerPassword());
        var outputs = BusMargin.write(state, engines, set.version(), out);
        spec.commandLine().getOut().printf("margin on %d worker records: %s%n", state.count("applied_record"),
                outputs.get("margin"));
        return 0;
    }
}
