package io.concord.gateway.cli;

import io.concord.gateway.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code concord demo}: the main job on the shipped fixtures with the embedded defaults. It replaces its output
 * folder whole on every run, and exits 0 although the fixtures' bad inputs are rejected: they are there on purpose.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Process fixtures/ with mappings/ into an output folder and print a summary. No servers.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the demo ran (fixtures/bad/ is rejected on purpose)", "1:the run failed",
                "2:usage error"})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "out", description = "output folder, replaced whole by each demo "
            + "(default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--fixtures", defaultValue = "${sys:concord.home:-.}/fixtures", description = "fixtures folder (default: ${DEFAULT-VALUE})")
    Path fixtures;

    @Option(names = "--mappings", defaultValue = "${sys:concord.home:-.}/mappings", description = "mappings folder (default: ${DEFAULT-VALUE})")
    Path mappings;

    @picocli.CommandLine.Mixin
    ProcessCommand.WhatIfOption whatIf;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RunSummary s = ProcessCommand.run(out, null, mappings, List.of(fixtures), whatIf.value);
        var w = spec.commandLine().getOut();
        w.println("Concord demo: processed " + fixtures + " into " + out);
        ProcessCommand.print(s, w);
        if (!s.internalErrors().isEmpty()) {
            return ProcessCommand.EXIT_FAILED;
        }
        w.println("exit 0: the rejections are on purpose (fixtures/bad/ holds inputs that must be rejected, with "
                + "their reasons); `concord process` on the same files would say: " + ProcessCommand.outcome(s));
        w.flush();
        return ProcessCommand.EXIT_ACCEPTED;
    }
}
