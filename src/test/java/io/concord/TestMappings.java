package io.concord;

import io.concord.mapping.MappingSet;

import java.nio.file.Path;

/** The shipped mappings, loaded once for tests. */
public final class TestMappings {

    public static final MappingSet SHIPPED = MappingSet.load(Path.of("mappings"));

    private TestMappings() {
    }
}
