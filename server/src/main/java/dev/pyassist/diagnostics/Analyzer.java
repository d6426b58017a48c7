package dev.pyassist.diagnostics;

import dev.pyassist.config.Settings;
import java.util.List;

/**
 * One layer of analysis over a parsed Python text. Implementations are pure and thread-safe: the same text
 * always gives the same findings, so the LSP scheduler may run, cancel and re-run them freely.
 */
public interface Analyzer {
    List<Finding> analyze(ParsedText text);

    /** As {@link #analyze(ParsedText)}, for layers whose rules the settings switch one by one. */
    default List<Finding> analyze(ParsedText text, Settings settings) {
        return analyze(text);
    }

    /** Whether the settings switch this layer on. */
    default boolean enabled(Settings settings) {
        return true;
    }
}
