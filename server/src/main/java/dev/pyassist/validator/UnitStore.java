package dev.pyassist.validator;

import dev.pyassist.diagnostics.Finding;
import java.util.List;

/**
 * A cache of each unit's findings that outlives the engine ({@code pyassist check}'s folder, {@link
 * FindingsCache}). Keys are a unit's exact text (its whole lines as written); findings are relative to the
 * unit's first character, so a unit that moved in its file still hits. The store is meant for one artifact
 * and one set of options: whoever opens it keys it by them.
 */
public interface UnitStore {
    /** The unit's findings (offsets relative to its start), or null when not stored. */
    List<Finding> get(String unitText);

    void put(String unitText, List<Finding> relative);
}
