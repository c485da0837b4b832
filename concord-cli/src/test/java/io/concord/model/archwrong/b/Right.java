package io.concord.model.archwrong.b;

import io.concord.model.archwrong.a.Left;

/** Deliberately wrong (test-only, see ArchitectureTest): with {@link Left}, two packages that import each other. */
public final class Right {

    private Right() {
    }

    static Left other() {
        return null;
    }
}
