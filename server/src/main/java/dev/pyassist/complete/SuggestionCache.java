package dev.pyassist.complete;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;

/**
 * The suggestions shown lately, least recently used dropped first. A request whose buffer is one a suggestion was
 * made for gets it again; one whose buffer is that buffer with the start of the suggestion typed in (the user
 * typing through ghost text) gets the rest of it. Neither calls the model. Thread safe.
 */
public final class SuggestionCache {
    private record Entry(String uri, String prefix, String suffix, String suggestion) {}

    private final int capacity;
    private final LinkedList<Entry> entries = new LinkedList<>(); // most recent first

    public SuggestionCache(int capacity) {
        this.capacity = Math.max(0, capacity);
    }

    /** What is left of a cached suggestion for this buffer; empty when none fits or nothing is left of it. */
    public synchronized Optional<String> find(String uri, String prefix, String suffix) {
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (!e.uri.equals(uri) || !e.suffix.equals(suffix) || prefix.length() < e.prefix.length()
                    || prefix.length() >= e.prefix.length() + e.suggestion.length()
                    || !prefix.startsWith(e.prefix)) {
                continue;
            }
            int typed = prefix.length() - e.prefix.length();
            if (e.suggestion.regionMatches(0, prefix, e.prefix.length(), typed)) {
                it.remove();
                entries.addFirst(e);
                return Optional.of(e.suggestion.substring(typed));
            }
        }
        return Optional.empty();
    }

    public synchronized void put(String uri, String prefix, String suffix, String suggestion) {
        if (capacity == 0 || suggestion.isEmpty()) {
            return;
        }
        entries.removeIf(e -> e.uri.equals(uri) && e.prefix.equals(prefix) && e.suffix.equals(suffix));
        entries.addFirst(new Entry(uri, prefix, suffix, suggestion));
        while (entries.size() > capacity) {
            entries.removeLast();
        }
    }

    /** Forgets a closed document's suggestions. */
    public synchronized void forget(String uri) {
        entries.removeIf(e -> e.uri.equals(uri));
    }

    synchronized List<String> suggestions() {
        List<String> out = new ArrayList<>();
        entries.forEach(e -> out.add(e.suggestion));
        return out;
    }
}
