package dev.pyassist.dataset;

/**
 * What {@link DatasetBuilder} keeps.
 *
 * @param minLines       fewer code lines than this (after docstring removal): dropped
 * @param maxLines       more code lines than this: dropped (0: no limit)
 * @param maxChars       more code characters than this: dropped (0: no limit)
 * @param docstring      whether a docstring is required, forbidden or either
 * @param splits         how files are split
 * @param dedupExact     drop units whose code equals an earlier unit's
 * @param dedupNear      drop units whose normalised token stream equals an earlier unit's ({@link Fingerprints})
 * @param nearMinTokens  only units with at least this many normalised tokens can be near duplicates: short units
 *                       (getters, one-line wrappers) differ mostly in their names, which is what a summary needs
 */
public record BuildOptions(int minLines, int maxLines, int maxChars, DocstringFilter docstring, Splits splits,
        boolean dedupExact, boolean dedupNear, int nearMinTokens) {
    public static final int DEFAULT_NEAR_MIN_TOKENS = 20;

    public BuildOptions(int minLines, int maxLines, int maxChars, DocstringFilter docstring, Splits splits,
            boolean dedupExact, boolean dedupNear) {
        this(minLines, maxLines, maxChars, docstring, splits, dedupExact, dedupNear, DEFAULT_NEAR_MIN_TOKENS);
    }

    /** {@code --docstring}: which units to keep. */
    public enum DocstringFilter {
        /** Keep every unit. */
        any,
        /** Keep only units with a docstring (summarize/generate training). */
        required,
        /** Keep only units without one (the ones to annotate). */
        absent
    }

    public static BuildOptions defaults() {
        return new BuildOptions(1, 1000, 50_000, DocstringFilter.any, new Splits(90, 5, 5, 0), true, true);
    }

    public BuildOptions {
        if (minLines < 0 || maxLines < 0 || maxChars < 0 || nearMinTokens < 0) {
            throw new IllegalArgumentException("size limits must not be negative");
        }
        if (maxLines > 0 && minLines > maxLines) {
            throw new IllegalArgumentException("--min-lines " + minLines + " is larger than --max-lines " + maxLines);
        }
    }
}
