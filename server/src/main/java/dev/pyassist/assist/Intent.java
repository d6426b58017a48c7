package dev.pyassist.assist;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a free-form request goes.
 *
 * @param action   summarize, translate, generate or explain
 * @param language the target for translate, else null
 */
public record Intent(Action action, Language language) {

    /** The actions a request can be routed to. */
    public enum Action {
        SUMMARIZE,
        TRANSLATE,
        GENERATE,
        EXPLAIN;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern LABEL = Pattern.compile(
            "\\b(summari[sz]e|translate\\s*:\\s*(javascript|java|cpp|c\\+\\+|js|go)|generate|explain)(?!\\w)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LANG = Pattern.compile(
            "(?i)(?<![\\w+])(java(?!script)|c\\+\\+|cpp|javascript|js|node|golang|go)(?![\\w+])");
    private static final Pattern TRANSLATE = Pattern.compile(
            "(?i)\\b(translate|convert|port|rewrite|transpile)\\b|\\b(in|into|to)\\s+(java|c\\+\\+|cpp|javascript|js|go|golang)\\b");
    private static final Pattern SUMMARIZE = Pattern.compile(
            "(?i)\\b(summari[sz]e|summary|docstring|document(ation)?|tl;?dr)\\b");
    private static final Pattern GENERATE = Pattern.compile(
            "(?i)\\b(write|implement|generate|create|add|make|build|code (a|an|the|that|to))\\b");

    /** Reads the model's constrained answer; empty when it named no label. */
    public static Optional<Intent> fromLabel(String answer) {
        Matcher m = LABEL.matcher(answer == null ? "" : answer);
        if (!m.find()) {
            return Optional.empty();
        }
        String label = m.group(1).toLowerCase(Locale.ROOT);
        if (label.startsWith("translate")) {
            return Language.parse(m.group(2)).map(l -> new Intent(Action.TRANSLATE, l));
        }
        if (label.startsWith("summar")) {
            return Optional.of(new Intent(Action.SUMMARIZE, null));
        }
        return Optional.of(new Intent(label.equals("generate") ? Action.GENERATE : Action.EXPLAIN, null));
    }

    /** The rule-based fallback used when no backend answers. */
    public static Intent byRules(String question) {
        String q = question == null ? "" : question;
        if (TRANSLATE.matcher(q).find()) {
            Matcher l = LANG.matcher(q);
            if (l.find()) {
                Optional<Language> lang = Language.parse(l.group(1).equalsIgnoreCase("java") ? "java" : l.group(1));
                if (lang.isPresent()) {
                    return new Intent(Action.TRANSLATE, lang.get());
                }
            }
        }
        if (SUMMARIZE.matcher(q).find()) {
            return new Intent(Action.SUMMARIZE, null);
        }
        if (GENERATE.matcher(q).find() && !q.strip().endsWith("?")) {
            return new Intent(Action.GENERATE, null);
        }
        return new Intent(Action.EXPLAIN, null);
    }

    public String label() {
        return action == Action.TRANSLATE ? "translate:" + language.id() : action.key();
    }
}
