package dev.pyassist.assist;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides, before any model is asked, whether Python code can be translated faithfully to one target: libraries with
 * no counterpart there ({@link TargetLibraries}, per target), {@code eval}/{@code exec} and dynamic attribute tricks
 * a static target cannot reproduce stop the translation; what translates only approximately becomes a caveat listed
 * with the result.
 */
public final class TranslationPrecheck {

    /** The verdict. */
    public record Verdict(List<String> blockers, List<String> caveats) {
        public boolean translatable() {
            return blockers.isEmpty();
        }

        /** One plain sentence for the user when the code cannot be translated. */
        public String refusal(Language target) {
            return "This code cannot be translated faithfully to " + target.display() + ": "
                    + String.join("; ", blockers) + ". Nothing was sent to the model.";
        }
    }

    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(.+)$");
    private static final Pattern FROM = Pattern.compile("^\\s*from\\s+([\\w.]+)\\s+import\\s+(.+)$");
    private static final Pattern EVAL = Pattern.compile("(?<![\\w.])(eval|exec|compile)\\s*\\(");
    private static final Pattern DYNAMIC_ATTR =
            Pattern.compile("(?<![\\w.])(setattr|delattr)\\s*\\(|(?<![\\w.])getattr\\s*\\(\\s*[^,]+,\\s*+(?![\"'])");
    private static final Pattern DUNDER_TRICKS = Pattern.compile(
            "\\.__dict__|(?<![\\w.])(globals|locals|vars)\\s*\\(|def\\s+__(getattr|getattribute|setattr|delattr)__"
                    + "|metaclass\\s*=|\\.__class__\\s*=|(?<![\\w.])type\\s*\\([^()]*,[^()]*,");
    private static final Pattern DYNAMIC_SCOPES = Pattern.compile(
            "(?<![\\w.])(globals|locals|vars)\\s*\\(|metaclass\\s*=|\\.__class__\\s*=|(?<![\\w.])type\\s*\\([^()]*,[^()]*,");
    private static final Pattern YIELD = Pattern.compile("(?<![\\w.])yield\\b");
    private static final Pattern ASYNC = Pattern.compile("(?<![\\w.])(async|await)\\b");
    private static final Pattern DECORATOR = Pattern.compile("(?m)^\\s*@\\w");
    private static final Pattern KWARGS = Pattern.compile("\\(\\s*[^)]*\\*\\*?\\w+");
    private static final Pattern POW = Pattern.compile("\\*\\*(?!\\w+\\s*[,)])");

    private TranslationPrecheck() {
    }

    /**
     * @param code       the Python code to translate
     * @param fileText   the whole file (its imports count when the code uses the imported names)
     * @param target     the target language
     */
    public static Verdict check(String code, String fileText, Language target) {
        List<String> blockers = new ArrayList<>();
        Set<String> caveats = new LinkedHashSet<>();
        String codeOnly = stripStringsAndComments(code);
        String fileOnly = stripStringsAndComments(fileText == null ? code : fileText);
        Set<String> reported = new LinkedHashSet<>();
        for (String line : fileOnly.split("\\R")) {
            for (String[] imp : imports(line)) {
                String module = imp[0];
                String bound = imp[1];
                String top = module.split("\\.")[0].toLowerCase(Locale.ROOT);
                boolean used = code.equals(fileText) || Pattern.compile("(?<![\\w.])" + Pattern.quote(bound)
                        + "\\b").matcher(codeOnly).find() || codeOnly.contains(line.strip());
                if (!used) {
                    continue;
                }
                var entry = TargetLibraries.lookup(top, target);
                if (entry.isPresent()) {
                    if (reported.add(top)) {
                        (entry.get().blocks() ? blockers : caveats).add(TargetLibraries.describe(top, target,
                                entry.get()));
                    }
                } else if (reported.add(top)) {
                    caveats.add("'" + top + "' is mapped to the nearest " + target.display()
                            + " library; check that the behaviour matches");
                }
            }
        }
        Matcher e = EVAL.matcher(codeOnly);
        if (e.find()) {
            blockers.add("it calls " + e.group(1) + "(), which runs Python source at run time");
        }
        if (target == Language.JAVASCRIPT) {
            // JavaScript objects are dynamic too: computed attributes are obj[name]; scopes and classes are not.
            if (DYNAMIC_SCOPES.matcher(codeOnly).find()) {
                blockers.add("it reads or changes scopes or classes at run time (globals(), locals(), vars(), "
                        + "metaclasses, type() with three arguments), which JavaScript cannot reproduce");
            } else if (DYNAMIC_ATTR.matcher(codeOnly).find() || DUNDER_TRICKS.matcher(codeOnly).find()) {
                caveats.add("attributes looked up or set by name become obj[name] (or a Proxy for __getattr__)");
            }
        } else if (DYNAMIC_ATTR.matcher(codeOnly).find() || DUNDER_TRICKS.matcher(codeOnly).find()) {
            blockers.add("it changes or looks up attributes dynamically (setattr/getattr with computed names, "
                    + "__dict__, globals(), metaclasses), which a statically typed translation cannot reproduce");
        }
        if (YIELD.matcher(codeOnly).find() && target != Language.JAVASCRIPT) {
            caveats.add("generators (yield) become " + (target == Language.GO ? "channels or callbacks"
                    : "eagerly built collections or iterator classes"));
        }
        if (ASYNC.matcher(codeOnly).find()) {
            caveats.add("async/await maps to " + switch (target) {
                case JAVA -> "CompletableFuture";
                case CPP -> "std::future";
                case JAVASCRIPT -> "Promises";
                case GO -> "goroutines";
            } + ", whose scheduling differs from asyncio");
        }
        if (DECORATOR.matcher(codeOnly).find()) {
            caveats.add("decorators are expanded by hand");
        }
        if (KWARGS.matcher(codeOnly).find()) {
            caveats.add("*args/**kwargs become explicit parameters or collections");
        }
        if (POW.matcher(codeOnly).find() && target != Language.JAVASCRIPT) {
            caveats.add("Python integers never overflow; the translation uses fixed-width integers");
        }
        if (target != Language.JAVASCRIPT) {
            caveats.add("Python's dynamic types are given static types inferred from use");
        }
        return new Verdict(List.copyOf(blockers), List.copyOf(caveats));
    }

    /** [module, bound name] pairs of one import line. */
    static List<String[]> imports(String line) {
        List<String[]> out = new ArrayList<>();
        Matcher f = FROM.matcher(line);
        if (f.find()) {
            String module = f.group(1);
            for (String part : f.group(2).replace("(", "").replace(")", "").split(",")) {
                String[] asParts = part.strip().split("\\s+as\\s+");
                if (!asParts[0].isBlank()) {
                    out.add(new String[] {module, asParts[asParts.length - 1].strip()});
                }
            }
            return out;
        }
        Matcher m = IMPORT.matcher(line);
        if (m.find()) {
            for (String part : m.group(1).split(",")) {
                String[] asParts = part.strip().split("\\s+as\\s+");
                String module = asParts[0].strip();
                String bound = asParts.length > 1 ? asParts[1].strip() : module.split("\\.")[0];
                if (!module.isEmpty()) {
                    out.add(new String[] {module, bound});
                }
            }
        }
        return out;
    }

    /** Blanks out string literals and comments so their words do not count as code. */
    static String stripStringsAndComments(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '#') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"' || c == '\'') {
                String q = s.startsWith(String.valueOf(c).repeat(3), i) ? String.valueOf(c).repeat(3)
                        : String.valueOf(c);
                int j = i + q.length();
                while (j < n && !s.startsWith(q, j)) {
                    if (s.charAt(j) == '\\') {
                        j++;
                    } else if (q.length() == 1 && s.charAt(j) == '\n') {
                        break;
                    }
                    j++;
                }
                sb.append("\"\"");
                for (int k = i; k < Math.min(j, n); k++) {
                    if (s.charAt(k) == '\n') {
                        sb.append('\n');
                    }
                }
                i = Math.min(n, j + q.length());
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }
}
