package dev.pyassist.complete;

import dev.pyassist.names.IssueKind;
import dev.pyassist.names.NameIssue;
import dev.pyassist.names.ScopeAnalyzer;
import dev.pyassist.python.ParseResult;
import dev.pyassist.python.PythonParser;
import dev.pyassist.python.PythonVersion;
import dev.pyassist.python.SyntaxDiagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a suggestion must pass before it is shown, after {@link StopRule} cut it: text that only repeats what follows
 * the cursor is trimmed, and the suggestion is spliced into the buffer and parsed with pyassist's own parser. A
 * suggestion that adds a syntax error is trimmed to the longest prefix (at a line end or a token boundary) that
 * adds none, or dropped. Optionally ({@code complete.dropFlagged}) one that the names layer or the validator flags
 * inside the inserted text is dropped ({@link #flagged}).
 */
public final class SuggestionGates {
    /** Parses spent on one suggestion at most (each is a parse of the whole buffer). */
    static final int MAX_PARSES = 12;

    private SuggestionGates() {}

    /**
     * The longest {@code k} such that {@code text} ends with the first {@code k} characters of {@code suffix}, cut
     * off: the model wrote a closing bracket, or whole lines, that the buffer already has after the cursor.
     */
    public static String trimSuffixRepeat(String text, String suffix) {
        int max = Math.min(Math.min(text.length(), suffix.length()), 4000);
        for (int k = max; k > 0; k--) {
            if (text.regionMatches(text.length() - k, suffix, 0, k)) {
                return text.substring(0, text.length() - k);
            }
        }
        return text;
    }

    /** The buffer before and after the cursor, and its parse (shared with diagnostics when it has one). */
    public record Buffer(String prefix, String suffix, ParseResult parse, PythonVersion target) {
        int cursor() {
            return prefix.length();
        }
    }

    /**
     * The longest prefix of {@code suggestion} (the whole of it first) that adds no syntax error to {@code buffer},
     * empty when none of the tried cuts passes. "Adds no error": the spliced buffer parses, or it fails with the
     * error the buffer had already (at the same place, moved by the insertion), not with one inside the suggestion
     * or before the old one.
     */
    public static Optional<String> syntaxSafe(String suggestion, Buffer buffer) {
        Optional<SyntaxDiagnostic> before = first(buffer.parse());
        int parses = 0;
        for (int cut : cuts(suggestion)) {
            if (parses++ >= MAX_PARSES) {
                break;
            }
            String candidate = suggestion.substring(0, cut);
            if (candidate.isBlank()) {
                break;
            }
            ParseResult after = PythonParser.parse(buffer.prefix() + candidate + buffer.suffix(), buffer.target());
            if (addsNoError(before, first(after), buffer.cursor(), candidate.length())) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static boolean addsNoError(Optional<SyntaxDiagnostic> before, Optional<SyntaxDiagnostic> after, int cursor,
            int inserted) {
        if (after.isEmpty()) {
            return true;
        }
        if (before.isEmpty()) {
            return false;
        }
        int old = before.get().start() < cursor ? before.get().start() : before.get().start() + inserted;
        int now = after.get().start();
        boolean insideSuggestion = now >= cursor && now < cursor + inserted;
        return now >= old && !insideSuggestion;
    }

    /** Where to try cutting, longest first: the whole, each line end, then token boundaries of the first line. */
    static List<Integer> cuts(String s) {
        List<Integer> out = new ArrayList<>();
        out.add(s.length());
        for (int i = s.length() - 1; i > 0; i--) {
            if (s.charAt(i) == '\n' && !out.contains(i)) {
                out.add(i);
            }
        }
        int firstLine = s.indexOf('\n') < 0 ? s.length() : s.indexOf('\n');
        for (int i = firstLine - 1; i > 0; i--) {
            boolean boundary = !isWordChar(s.charAt(i - 1)) || !isWordChar(s.charAt(i));
            if (boundary && !Character.isWhitespace(s.charAt(i - 1)) && !out.contains(i)) {
                out.add(i);
            }
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /**
     * Whether the suggestion brings a name the names layer reports as undefined (a made-up helper, a typo): an
     * undefined-name finding inside the inserted text. Only for a buffer that parses with the suggestion in.
     */
    public static boolean addsUndefinedName(String suggestion, Buffer buffer) {
        return flagged(suggestion, buffer, SuggestionCheck.NONE);
    }

    /**
     * Whether the names layer ({@link #addsUndefinedName}) or {@code other} (the validator, in the server) flags the
     * suggestion once it is spliced in. The spliced buffer is parsed once for both; one that does not parse is
     * {@link #syntaxSafe}'s business, not a flag.
     */
    public static boolean flagged(String suggestion, Buffer buffer, SuggestionCheck other) {
        String spliced = buffer.prefix() + suggestion + buffer.suffix();
        ParseResult parsed = PythonParser.parse(spliced, buffer.target());
        if (!parsed.ok()) {
            return false;
        }
        int from = buffer.cursor();
        int to = from + suggestion.length();
        return NAMES.flags(spliced, parsed, from, to) || other.flags(spliced, parsed, from, to);
    }

    /** An undefined name whose finding starts inside the suggestion. */
    static final SuggestionCheck NAMES = (spliced, parsed, from, to) -> {
        for (NameIssue issue : ScopeAnalyzer.analyze(spliced, parsed.module(), false)) {
            boolean undefined = issue.kind() == IssueKind.UNDEFINED_NAME || issue.kind() == IssueKind.UNDEFINED_LOCAL;
            if (undefined && issue.start() >= from && issue.start() < to) {
                return true;
            }
        }
        return false;
    };

    private static Optional<SyntaxDiagnostic> first(ParseResult r) {
        return r == null || r.errors().isEmpty() ? Optional.empty() : Optional.of(r.errors().get(0));
    }
}
