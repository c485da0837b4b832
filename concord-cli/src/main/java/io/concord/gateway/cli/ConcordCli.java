package io.concord.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code concord} command: every subcommand has {@code --help}. */
@Command(name = "concord", mixinStandardHelpOptions = true, version = "concord 0.1.0",
        description = "Regulatory reporting and data-harmonization gateway: normalizes SEC- and CFTC-side feeds "
                + "into one product taxonomy and computes margin per silo.",
        subcommands = {DemoCommand.class, ProcessCommand.class, ServeCommand.class, KeysCommand.class, MarginCommand.class,
                MappingsCommand.class,
                SimmCommand.class, StressCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class ConcordCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code: 0 ok, 1 failure, 2 usage error. */
    public static int run(String... args) {
        CommandLine cl = root(args);
        cl.setParameterExceptionHandler((ex, a) -> {
            java.io.PrintWriter err = ex.getCommandLine().getErr();
            err.println("concord: " + ex.getMessage().replaceAll("\\s+", " ")
                    + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            // a mistyped command or option: picocli's closest matches ("Did you mean: concord serve?")
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("concord: " + oneLine(ex));
            return 1;
        });
        return cl.execute(args);
    }

    /**
     * The command line: for {@code concord simm}, the simm command alone under a bare {@code concord} (start-up
     * loads nothing of the other commands: a single-portfolio SIMM is mostly start-up); else every command.
     */
    private static CommandLine root(String... args) {
        if (args.length > 0 && args[0].equals("simm")) {
            CommandLine cl = new CommandLine(CommandLine.Model.CommandSpec.create().name("concord"));
            cl.addSubcommand("simm", new SimmCommand());
            return cl;
        }
        return new CommandLine(new ConcordCli());
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null && t.getCause() != null) {
            return oneLine(t.getCause());
        }
        return (m == null ? t.getClass().getSimpleName() : m).replaceAll("\\s+", " ");
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
