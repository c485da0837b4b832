package io.concord.gateway.cli;

import io.concord.gateway.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code concord demo}: the main job on the shipped fixtures with the embedded defaults. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Process fixtures/ with mappings/ into an output folder and print a summary. No servers.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "out", description = "output folder (default: ${DEFAULT-VALUE})")
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
        return s.internalErrors().isEmpty() ? 0 : 1;
    }
}
