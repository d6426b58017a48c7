package dev.pyassist.python.ast;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Internal helpers for node construction. */
final class Nodes {
    private Nodes() {
    }

    /** Unmodifiable copy that tolerates null elements (Dict keys for {@code **}, kw_defaults). */
    static <T> List<T> copy(List<T> in) {
        if (in == null || in.isEmpty()) return List.of();
        return Collections.unmodifiableList(new ArrayList<>(in));
    }
}
