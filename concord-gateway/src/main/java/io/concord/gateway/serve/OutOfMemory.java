package io.concord.gateway.serve;

import java.lang.management.ManagementFactory;

/**
 * An OutOfMemoryError ends the gateway: a JVM that has run out of heap may have lost any thread (the HTTP event
 * loop, a route, the shutdown hook), so it is halted for its supervisor to restart it, never left answering
 * nothing. The launcher runs serve with {@code -XX:+ExitOnOutOfMemoryError}, which covers errors caught by a
 * library; {@link #install()} covers the rest and says at start when that flag is missing.
 */
public final class OutOfMemory {

    /** The exit status of a gateway halted on an OutOfMemoryError. */
    public static final int EXIT_STATUS = 3;

    private OutOfMemory() {
    }

    /** Halts on an OutOfMemoryError reaching any thread's end; returns a warning when the JVM flag is off. */
    public static java.util.Optional<String> install() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            haltIfOutOfMemory(e);
            if (previous != null) {
                previous.uncaughtException(thread, e);
            } else {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                e.printStackTrace();
            }
        });
        boolean flag = ManagementFactory.getRuntimeMXBean().getInputArguments().contains(
                "-XX:+ExitOnOutOfMemoryError");
        return flag ? java.util.Optional.empty() : java.util.Optional.of("the JVM runs without "
                + "-XX:+ExitOnOutOfMemoryError (the ./concord launcher sets it): an OutOfMemoryError a library "
                + "catches may leave the gateway running without answering");
    }

    /** Halts the JVM if {@code t} is (or was caused by) an OutOfMemoryError. */
    public static void haltIfOutOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                try {
                    System.err.println("concord: OutOfMemoryError, halting (" + c.getMessage() + ")");
                } finally {
                    Runtime.getRuntime().halt(EXIT_STATUS);
                }
            }
        }
    }
}
