package dev.pyassist.python;

/**
 * One function or class of a Python text, in UTF-16 offsets.
 *
 * @param kind          function or class
 * @param name          its own name
 * @param qualifiedName dotted path through enclosing classes and functions ({@code Outer.method})
 * @param start         start of the {@code def}/{@code class} line (its first character, after indentation)
 * @param end           end of its last statement
 * @param bodyStart     start of the line holding the first body statement (or of the statement itself when the body
 *                      shares the header's line)
 * @param bodyIndent    indentation of the body statements
 * @param docStart      start of the docstring statement, or -1 when there is none
 * @param docEnd        end of the docstring statement, or -1
 * @param docstring     the docstring's text as written between the quotes, or null
 * @param stubBody      whether the body is only a docstring, {@code pass} and/or {@code ...}
 */
public record SourceUnit(
        Kind kind,
        String name,
        String qualifiedName,
        int start,
        int end,
        int bodyStart,
        String bodyIndent,
        int docStart,
        int docEnd,
        String docstring,
        boolean stubBody) {

    /** What a unit is. */
    public enum Kind {
        FUNCTION("function"),
        CLASS("class");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    public boolean hasDocstring() {
        return docStart >= 0;
    }

    public boolean contains(int offset) {
        return offset >= start && offset <= end;
    }

    /** The unit's source text (from the header to its last statement). */
    public String text(String source) {
        return source.substring(start, Math.min(end, source.length()));
    }
}
