package io.concord.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The output folder of one run, which always holds exactly one run: the run writes into a fresh hidden folder
 * beside it ({@code .<name>.run-<uuid>}), and only when it has finished is that folder swapped in whole for the
 * output folder (the previous run's folder is renamed aside, the new one renamed into place, the old one deleted).
 * A run that fails leaves the output folder as it was and removes its own.
 */
public final class RunFolder {

    /** A run's work, given the fresh folder it writes into. */
    public interface Work<T> {
        T run(Path fresh) throws Exception;
    }

    private RunFolder() {
    }

    /** Whether {@code out} holds anything (an earlier run's outputs, or anything else). */
    public static boolean occupied(Path out) throws IOException {
        if (!Files.exists(out)) {
            return false;
        }
        if (!Files.isDirectory(out)) {
            return true;
        }
        try (Stream<Path> s = Files.list(out)) {
            return s.findAny().isPresent();
        }
    }

    /** Runs {@code work} in a fresh folder beside {@code out}, then swaps it in for {@code out}; returns its result. */
    public static <T> T replace(Path out, Work<T> work) throws Exception {
        Path target = out.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        String name = target.getFileName().toString();
        Path fresh = parent.resolve("." + name + ".run-" + UUID.randomUUID());
        Files.createDirectory(fresh);
        T result;
        try {
            result = work.run(fresh);
        } catch (Exception | Error e) {
            delete(fresh);
            throw e;
        }
        Path replaced = parent.resolve("." + name + ".replaced-" + UUID.randomUUID());
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.move(target, replaced, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
        delete(replaced);
        return result;
    }

    private static void delete(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
