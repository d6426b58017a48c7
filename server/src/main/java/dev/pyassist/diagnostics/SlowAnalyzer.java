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

    /** One step of the slow work: the findings so far, and whether more steps would add to them. */
    record Step(List<Finding> findings, boolean done) {}

    /**
     * A bounded piece of {@link #analyze}'s work, so the server can publish findings as they come; called
     * until {@link Step#done()}. By default, all of it at once.
     */
    default Step step(ParsedText text) {
        return new Step(analyze(text), true);
    }

    /** The layer prefix of this layer's finding codes ({@code validator}). */
    String layerName();
}
