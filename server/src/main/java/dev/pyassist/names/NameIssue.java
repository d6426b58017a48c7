package dev.pyassist.names;

/**
 * One finding of the scope analysis, before settings and suppression comments apply.
 *
 * @param name the name concerned (for imports, the name the import binds)
 * @param arg what pyflakes would print as the message's first argument (for imports {@code a.b as c})
 * @param start UTF-16 offset of the name's range (inclusive)
 * @param end UTF-16 offset (exclusive)
 * @param refOffset offset of the node pyflakes reports the message at (its line is pyflakes' line)
 * @param suggestion for an undefined name, the one name in scope one edit away, else null
 */
public record NameIssue(IssueKind kind, String name, String arg, String message, int start, int end, int refOffset,
        String suggestion) {
    public NamesRule rule() {
        return kind.rule();
    }
}
