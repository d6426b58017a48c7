package dev.pyassist.assist;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Translation targets. */
public enum Language {
    JAVA("java", "Java", "java"),
    CPP("cpp", "C++", "cpp"),
    JAVASCRIPT("javascript", "JavaScript", "js"),
    GO("go", "Go", "go");

    private final String id;
    private final String display;
    private final String extension;

    Language(String id, String display, String extension) {
        this.id = id;
        this.display = display;
        this.extension = extension;
    }

    /** The id used in commands ({@code "java"}, {@code "cpp"}, {@code "javascript"}, {@code "go"}). */
    public String id() {
        return id;
    }

    public String display() {
        return display;
    }

    public String extension() {
        return extension;
    }

    /** Parses an id or a common name ({@code "c++"}, {@code "js"}, {@code "golang"}). */
    public static Optional<Language> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "java":
                return Optional.of(JAVA);
            case "cpp":
            case "c++":
            case "cxx":
                return Optional.of(CPP);
            case "javascript":
            case "js":
            case "node":
                return Optional.of(JAVASCRIPT);
            case "go":
            case "golang":
                return Optional.of(GO);
            default:
                return Optional.empty();
        }
    }

    /** A language pyassist does not translate to, and the supported target nearest to it. */
    public record Unsupported(String name, Language closest) {
        /** The plain answer: what is supported, and the closest target offered. */
        public String answer() {
            return "pyassist translates Python to " + supportedList() + "; " + name + " is not supported. The closest "
                    + "supported target is " + closest.display() + ": use \"pyassist: Translate to "
                    + closest.display() + "\", or ask \"translate this to " + closest.display() + "\". Nothing was "
                    + "sent to the model.";
        }
    }

    /** Spelling (lower case) → the display name and the closest supported target. */
    private static final Map<String, Unsupported> UNSUPPORTED = new LinkedHashMap<>();

    static {
        unsupported(CPP, "Rust", "rust");
        unsupported(CPP, "C", "c");
        unsupported(CPP, "Swift", "swift");
        unsupported(CPP, "Zig", "zig");
        unsupported(JAVA, "C#", "c#", "csharp", "cs");
        unsupported(JAVA, "Kotlin", "kotlin", "kt");
        unsupported(JAVA, "Scala", "scala");
        unsupported(JAVA, "Haskell", "haskell");
        unsupported(JAVASCRIPT, "TypeScript", "typescript", "ts");
        unsupported(JAVASCRIPT, "Dart", "dart");
        unsupported(JAVASCRIPT, "Ruby", "ruby");
        unsupported(JAVASCRIPT, "PHP", "php");
        unsupported(JAVASCRIPT, "Lua", "lua");
        unsupported(JAVASCRIPT, "Perl", "perl");
        unsupported(GO, "Elixir", "elixir");
        unsupported(GO, "Julia", "julia");
    }

    private static void unsupported(Language closest, String name, String... spellings) {
        for (String sp : spellings) {
            UNSUPPORTED.put(sp, new Unsupported(name, closest));
        }
    }

    /** The supported targets as a phrase: "Java, C++, JavaScript and Go". */
    public static String supportedList() {
        Language[] all = values();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < all.length; i++) {
            sb.append(i == 0 ? "" : i == all.length - 1 ? " and " : ", ").append(all[i].display());
        }
        return sb.toString();
    }

    /** A known language that is not a target ({@code "rust"}, {@code "TypeScript"}), with its closest target. */
    public static Optional<Unsupported> unsupported(String s) {
        return s == null ? Optional.empty() : Optional.ofNullable(UNSUPPORTED.get(s.strip().toLowerCase(Locale.ROOT)));
    }

    private static final Pattern TRANSLATE_VERB =
            Pattern.compile("(?i)\\b(?:translate|convert|port|rewrite|transpile)\\b");
    private static final Pattern ASKED_TARGET =
            Pattern.compile("(?i)\\b(?:to|into|in)\\s+(?:an?\\s+|idiomatic\\s+)?([a-z][\\w#+]*)");

    /**
     * A request to translate into a language that is not a target ("convert this to Rust"): found by rules, so it is
     * answered before any model is asked; empty when the request names a supported target or no language.
     */
    public static Optional<Unsupported> requestedUnsupported(String question) {
        String q = question == null ? "" : question;
        Matcher verb = TRANSLATE_VERB.matcher(q);
        if (!verb.find()) {
            return Optional.empty();
        }
        Matcher m = ASKED_TARGET.matcher(q);
        m.region(verb.end(), q.length());
        while (m.find()) {
            String word = m.group(1);
            if (parse(word).isPresent()) {
                return Optional.empty();
            }
            String lower = word.toLowerCase(Locale.ROOT);
            // a lone "c" must be the language, not the start of "code" ("in C", "to C.")
            Optional<Unsupported> u = unsupported(lower.equals("c") && !word.equals("C") ? "" : word);
            if (u.isPresent()) {
                return u;
            }
        }
        return Optional.empty();
    }
}
