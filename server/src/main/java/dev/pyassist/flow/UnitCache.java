package dev.pyassist.flow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of the top-level functions and classes analysed lately, keyed by their text (from the first
 * decorator's line to the end of the last statement): a keystroke re-analyses the function it is in, the others'
 * results are moved to where they are now. Least recently used first out, within a budget of characters of keys.
 * Thread-safe; shared by every document (two copies of one function share one entry).
 */
final class UnitCache {
    /** The one cache of the process (the server's documents, quick fixes and hovers, {@code check}). */
    static final UnitCache SHARED = new UnitCache(4_000_000);

    /**
     * One unit's facts: what it declares (whatever the rest of the module is), and its issues with the
     * questions they depend on ({@link Outside.Recorder}), offsets relative to the unit's start.
     */
    record Entry(UnitDeclarations declarations, Map<String, Object> asked, List<FlowIssue> issues) {
    }

    private final long budget;
    private long chars;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);

    UnitCache(long budgetChars) {
        this.budget = budgetChars;
    }

    synchronized Entry get(String unitText) {
        return entries.get(unitText);
    }

    synchronized void put(String unitText, Entry entry) {
        if (entries.put(unitText, entry) == null) {
            chars += unitText.length();
        }
        var it = entries.entrySet().iterator();
        while (chars > budget && it.hasNext()) {
            Map.Entry<String, Entry> eldest = it.next();
            chars -= eldest.getKey().length();
            it.remove();
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
