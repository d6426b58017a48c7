package dev.pyassist.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words for the index: identifiers as written and split into their parts ({@code parse_date} and
 * {@code parseDate} both give {@code parse}, {@code date}), lower-cased, Python keywords and one-letter words dropped.
 */
final class CodeTerms {

    private static final Pattern WORD = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*");
    private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");
    private static final Set<String> STOP = Set.of("def", "class", "self", "cls", "return", "import", "from", "if",
            "else", "elif", "for", "while", "in", "is", "not", "and", "or", "none", "true", "false", "pass", "with",
            "as", "try", "except", "finally", "raise", "lambda", "yield", "the", "a", "an", "of", "to", "it", "this",
            "that", "be", "are", "was", "on", "at", "by", "args", "kwargs");

    private CodeTerms() {
    }

    static List<String> of(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            String w = m.group();
            add(out, w);
            String[] parts = w.split("_+");
            if (parts.length > 1 || CAMEL.matcher(w).find()) {
                for (String p : parts) {
                    for (String q : CAMEL.split(p)) {
                        add(out, q);
                    }
                }
            }
        }
        return out;
    }

    private static void add(List<String> out, String w) {
        String l = w.toLowerCase(Locale.ROOT);
        if (l.length() > 1 && !STOP.contains(l) && !l.chars().allMatch(c -> c == '_')) {
            out.add(l);
        }
    }
}
