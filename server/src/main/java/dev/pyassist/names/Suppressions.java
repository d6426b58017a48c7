package dev.pyassist.names;

import dev.pyassist.python.Comment;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Lines carrying {@code # noqa} (with or without codes) or {@code # pyassist: ignore}: findings there are silenced. */
public final class Suppressions {
    private static final Pattern MARKER =
            Pattern.compile("#\\s*(?:noqa\\b|pyassist\\s*:\\s*ignore\\b)", Pattern.CASE_INSENSITIVE);

    private final Set<Integer> lines = new HashSet<>();

    public Suppressions(List<Comment> comments) {
        for (Comment c : comments) {
            if (mayMatch(c.text()) && MARKER.matcher(c.text()).find()) {
                lines.add(c.line());
            }
        }
    }

    /** Cheap filter before the regex: the marker needs a 'q' (noqa) or an 'a' then 'g' (pyassist: ignore). */
    private static boolean mayMatch(String t) {
        return t.indexOf('q') >= 0 || t.indexOf('Q') >= 0 || t.indexOf(':') >= 0;
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    /** Whether a finding on this 1-based line is silenced. */
    public boolean silences(int line) {
        return lines.contains(line);
    }
}
