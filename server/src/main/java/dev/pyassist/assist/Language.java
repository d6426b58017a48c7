package dev.pyassist.assist;

import java.util.Locale;
import java.util.Optional;

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
}
