package dev.pyassist.assist;

import java.util.List;

/** Supplies related workspace code for prompts (the BM25 index in {@code dev.pyassist.retrieval}). */
@FunctionalInterface
public interface ContextSource {

    /**
     * The most relevant units for {@code query}, at most {@code maxUnits} and {@code maxChars} characters in all,
     * leaving out units of {@code excludeUri}'s file that overlap the code already in the prompt.
     */
    List<ContextUnit> find(String query, String excludeUri, int maxUnits, int maxChars);

    ContextSource NONE = (q, u, n, c) -> List.of();

    /** One function or class from the workspace. */
    record ContextUnit(String file, String qualifiedName, String code) {}
}
