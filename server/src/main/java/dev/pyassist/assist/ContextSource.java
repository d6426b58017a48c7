package dev.pyassist.assist;

import java.util.List;

/** Supplies related workspace code for prompts (the BM25 index in {@code dev.pyassist.retrieval}). */
@FunctionalInterface
public interface ContextSource {

    /**
     * The most relevant units for {@code query}, at most {@code maxUnits} and {@code maxChars} characters in all,
     * leaving out units of {@code excludeUri}'s file that overlap the code already in the prompt, and the unit of that
     * file named {@code excludeUnit} (the one being written or replaced, never its own context; null for none).
     */
    List<ContextUnit> find(String query, String excludeUri, String excludeUnit, int maxUnits, int maxChars);

    /** {@link #find(String, String, String, int, int)} with no unit left out by name. */
    default List<ContextUnit> find(String query, String excludeUri, int maxUnits, int maxChars) {
        return find(query, excludeUri, null, maxUnits, maxChars);
    }

    ContextSource NONE = (q, u, x, n, c) -> List.of();

    /** One function or class from the workspace. */
    record ContextUnit(String file, String qualifiedName, String code) {}
}
