package dev.pyassist.diagnostics;

import java.util.List;

/**
 * A layer too slow for the first publish of a document version (the neural validator). The language server
 * publishes the exact layers plus {@link #quick} at once, then everything again with {@link #analyze}'s
 * findings for the same version; {@code pyassist check} simply runs {@link #analyze}.
 */
public interface SlowAnalyzer extends Analyzer {
    /** The findings available without the slow work (e.g. from a cache), exact for this text; may be empty. */
    default List<Finding> quick(ParsedText text) {
        return List.of();
    }

    /** The layer prefix of this layer's finding codes ({@code validator}). */
    String layerName();
}
