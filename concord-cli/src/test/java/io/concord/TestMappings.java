package io.concord;

import io.concord.mapping.MappingSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The shipped mappings, loaded once for tests, and copies of them to change in a test. */
public final class TestMappings {

    public static final MappingSet SHIPPED = MappingSet.load(Path.of("mappings"));

    private TestMappings() {
    }

    /** A copy of the shipped {@code mappings/} folder as {@code parent/mappings}. */
    public static Path copyShipped(Path parent) throws IOException {
        Path dir = parent.resolve("mappings");
        try (Stream<Path> s = Files.walk(Path.of("mappings"))) {
            for (Path p : s.toList()) {
                Path target = dir.resolve(Path.of("mappings").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return dir;
    }
}
