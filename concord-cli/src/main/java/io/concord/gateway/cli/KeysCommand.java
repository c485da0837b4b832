package io.concord.gateway.cli;

import io.concord.gateway.serve.Principal;
import io.concord.model.Identifiers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code concord keys new}: a new API key for a principal of the serve configuration. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "API keys of the serve configuration. 'keys new' makes a new key (256 random bits), prints it "
                + "once, and the principals entry (with the key's salted digest, never the key) to paste into the "
                + "configuration; to rotate a key, add the new entry, hand the key over, then delete the old entry.",
        subcommands = {KeysCommand.New.class})
public final class KeysCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: new");
    }

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Print a new API key once and the line to paste under 'principals:'.")
    static final class New implements Callable<Integer> {

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--name", required = true, description = "principal name (recorded with its submissions)")
        String name;

        @Option(names = "--role", required = true, description = "FIRM, REGULATOR or MAINTAINER")
        Principal.Role role;

        @Option(names = "--lei", description = "for FIRM: an LEI it submits and reads (repeat for several)")
        List<String> leis = List.of();

        @Override
        public Integer call() {
            if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--name '" + name
                        + "': letters, digits, '.', '_' and '-' only (1 to 64)");
            }
            if (role == Principal.Role.FIRM && leis.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "a FIRM needs at least one --lei");
            }
            if (role != Principal.Role.FIRM && !leis.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--lei is for FIRM principals only");
            }
            for (String lei : leis) {
                Optional<String> bad = Identifiers.checkLei(lei);
                if (bad.isPresent()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--lei " + lei + ": " + bad.get());
                }
            }
            String key = Principal.newKey();
            var out = spec.commandLine().getOut();
            out.println("API key of " + name + " (" + role + "), shown only now; hand it to its holder over a "
                    + "secure channel:");
            out.println();
            out.println("  " + key);
            out.println();
            out.println("Paste under 'principals:' in the serve configuration (it holds the key's salted digest, "
                    + "not the key):");
            out.println();
            out.println("  - {name: " + name + ", role: " + role + (leis.isEmpty() ? "" : ", leis: ["
                    + String.join(", ", leis) + "]") + ", keyHash: \"" + Principal.hash(key) + "\"}");
            out.flush();
            return 0;
        }
    }
}
