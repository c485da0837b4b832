package io.concord.gateway.runtime;

import io.concord.gateway.serve.*;

import io.concord.gateway.runtime.Gateway;
import io.concord.model.Ack;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code concord serve --demo}: a gateway on loopback in a folder of its own (replaced whole at each start), holding
 * the demo fixtures, with the four published demo keys, so a newcomer opens the console in one command. The files
 * whose name says {@code hudson} or {@code larkspur} are submitted by that firm's demo principal (so its console
 * lists them), the others by the inbox principal, as an operator dropping them would.
 */
public final class DemoServe {

    public static final String HUDSON = "549300HUDSONCLR0RG39";
    public static final String LARKSPUR = "549300LARKSPURSEC059";

    /** The demo principals: the keys of {@link Principal#DEMO_KEYS}, the firms of config/serve.example.yaml. */
    public static final List<Principal> PRINCIPALS = List.of(
            new Principal("hudson", Principal.Role.FIRM, List.of(HUDSON), Principal.hash("hudson-demo-key")),
            new Principal("larkspur", Principal.Role.FIRM, List.of(LARKSPUR), Principal.hash("larkspur-demo-key")),
            new Principal("regulator", Principal.Role.REGULATOR, List.of(), Principal.hash("regulator-demo-key")),
            new Principal("maintainer", Principal.Role.MAINTAINER, List.of(), Principal.hash("maintainer-demo-key")));

    private DemoServe() {
    }

    /**
     * Starts a gateway in {@code dir} (deleted first) on 127.0.0.1:{@code port}, submits the feed files under
     * {@code inputs}, waits for the current state, and prints the console's URL and the keys. Returns the running
     * gateway; the caller stops it.
     */
    public static ServeRuntime start(Path dir, int port, Path mappings, List<Path> inputs, PrintWriter out)
            throws Exception {
        ServeGateway.deleteTree(dir);
        ServeConfig config = new ServeConfig("127.0.0.1", port, 0, dir.resolve("inbox"), dir.resolve("out"), mappings,
                "jdbc:h2:file:" + dir.toAbsolutePath().resolve("data/ledger"), null, null, PRINCIPALS);
        ServeRuntime runtime = new ServeRuntime(ConcordConfig.defaults().withServe(config));
        runtime.start();
        try {
            List<Path> files = Gateway.expand(inputs);
            out.println("concord serve --demo: submitting " + files.size() + " fixture file(s)");
            out.flush();
            for (Path f : files) {
                Principal by = submitter(f);
                Ack ack = runtime.ingest(f, by);
                out.printf("  %-9s %-10s %5d received %5d rejected  %s%n", ack.status(), by.name(), ack.received(),
                        ack.rejected(), f);
                out.flush();
            }
            runtime.gateway().current().settled().get();
        } catch (Exception | Error e) {
            runtime.stop();
            throw e;
        }
        String url = config.apiUrl().substring(0, config.apiUrl().length() - "/api".length()) + "/";
        out.println();
        out.println("Console: " + url + "  (loopback only; stop with Ctrl-C)");
        out.println("Sign in with one of the demo keys (published, so never use them beyond this demo):");
        out.println("  hudson-demo-key       FIRM " + HUDSON + " (Hudson Clearing)");
        out.println("  larkspur-demo-key     FIRM " + LARKSPUR + " (Larkspur Securities)");
        out.println("  regulator-demo-key    REGULATOR: every firm, the market views");
        out.println("  maintainer-demo-key   MAINTAINER: the mapping set");
        out.println("State, ledger and audit log in " + dir.toAbsolutePath() + " (replaced at the next --demo)");
        out.flush();
        return runtime;
    }

    private static Principal submitter(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (Principal p : PRINCIPALS) {
            if (p.role() == Principal.Role.FIRM && name.contains(p.name())) {
                return p;
            }
        }
        return Principal.INBOX;
    }
}
