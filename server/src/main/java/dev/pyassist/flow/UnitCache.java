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
    static final class Entry {
        final UnitDeclarations declarations;
        final Outside.Asked asked;
        final List<FlowIssue> issues;
        /** The module facts the answers were last found to hold under (checked again only when they change). */
        volatile Outside holdsUnder;

        Entry(UnitDeclarations declarations, Outside.Asked asked, List<FlowIssue> issues, Outside holdsUnder) {
            this.declarations = declarations;
            this.asked = asked;
            this.issues = issues;
            this.holdsUnder = holdsUnder;
        }

        /** Whether the issues hold under {@code now}: the same facts as last time, or the same answers. */
        boolean holds(Outside now) {
            if (holdsUnder == now) {
                return true;
            }
            if (!asked.holds(now)) {
                return false;
            }
            holdsUnder = now;
            return true;
        }
    }

    /**
     * A unit's text as a key. Its hash samples the text (length, both ends, evenly spaced characters) rather than
     * reading all of it: the lookups of a keystroke would otherwise hash the whole file; equality still compares
     * everything.
     */
    private static final class Key {
        private final String text;
        private final int hash;

        Key(String text) {
            this.text = text;
            int n = text.length();
            int h = n;
            int step = Math.max(1, n / 64);
            for (int i = 0; i < n; i += step) {
                h = 31 * h + text.charAt(i);
            }
            for (int i = Math.max(0, n - 32); i < n; i++) {
                h = 31 * h + text.charAt(i);
            }
            this.hash = h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.text.equals(text);
        }
    }

    private final long budget;
    private long chars;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private Outside lastFacts;

    UnitCache(long budgetChars) {
        this.budget = budgetChars;
    }

    synchronized Entry get(String unitText) {
        return entries.get(new Key(unitText));
    }

    synchronized void put(String unitText, Entry entry) {
        if (entries.put(new Key(unitText), entry) == null) {
            chars += unitText.length();
        }
        var it = entries.entrySet().iterator();
        while (chars > budget && it.hasNext()) {
            Map.Entry<Key, Entry> eldest = it.next();
            chars -= eldest.getKey().text.length();
            it.remove();
        }
    }

    /**
     * {@code facts}, or the facts of the analysis before when they are equal: entries found to hold under those
     * are then known to hold without asking their questions again.
     */
    synchronized Outside same(Outside facts) {
        if (lastFacts != null && lastFacts.sameFacts(facts)) {
            return lastFacts;
        }
        lastFacts = facts;
        return facts;
    }
}
