package io.concord.model.archwrong.a;

import io.concord.model.archwrong.b.Right;

/** Deliberately wrong (test-only, see ArchitectureTest): with {@link Right}, two packages that import each other. */
public final class Left {

    private Left() {
    }

    static Right other() {
        return null;
    }
}
