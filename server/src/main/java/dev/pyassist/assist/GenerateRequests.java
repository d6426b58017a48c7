package dev.pyassist.assist;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rule check, before any model call, that a generate request describes code at all: too short, only links, a
 * greeting or thanks, or prose with no verb of making or doing. The model's {@code NOT_CODE} answer is the second
 * line of defence for what these rules let through.
 */
final class GenerateRequests {

    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?|ftp)://\\S+|\\bwww\\.\\S+");
    private static final Pattern GREETING = Pattern.compile("(?i)^(?:hi|hello|hey|dear|thanks|thank\\s+you|thx|"
            + "cheers|good\\s+(?:morning|afternoon|evening|night)|congrat\\w*|regards|best\\s+wishes|welcome|"
            + "happy\\s+\\w+|see\\s+you|bye|sorry)\\b");
    /** Marks of code in a request: an identifier_with_underscore, a call, a dotted name, an operator, a literal. */
    private static final Pattern CODE_MARK = Pattern.compile("\\w+_\\w+|\\w\\(|\\w\\.\\w|[=<>+*/%\\[\\]{}`]|\\d");

    /** Verbs of making or doing that a request for code holds (stems: "parses", "sorted" match too). */
    private static final Set<String> VERBS = Set.of("add", "append", "apply", "build", "calculate", "call",
            "cache", "check", "clean", "clear", "close", "code", "collect", "combine", "compare", "compute",
            "connect", "convert", "copy", "count", "create", "decode", "define", "delete", "deserialize", "download",
            "draw", "drop", "encode", "ensure", "extract", "fetch", "fill", "filter", "find", "fix", "flatten",
            "format", "generate", "get", "group", "handle", "hash", "implement", "initialize", "insert", "iterate",
            "join", "list", "load", "log", "loop", "make", "map", "measure", "merge", "move", "normalize", "open",
            "parse", "plot", "print", "process", "put", "raise", "read", "record", "reduce", "refactor", "remove",
            "rename", "render", "replace", "request", "reset", "resize", "retry", "return", "reverse", "round",
            "run", "save", "scan", "search", "select", "send", "serialize", "set", "show", "shuffle", "skip",
            "sort", "split", "start", "stop", "store", "strip", "sum", "support", "swap", "test", "throw",
            "tokenize", "track", "transform", "trim", "truncate", "update", "upload", "use", "validate", "verify",
            "wait", "walk", "wrap", "write", "yield", "zip");

    private GenerateRequests() {
    }

    /** Why {@code description} is not a request for code, or empty when it may be one. */
    static Optional<String> refusal(String description) {
        String d = description == null ? "" : description.strip();
        String withoutLinks = URL.matcher(d).replaceAll(" ").strip();
        if (!d.isEmpty() && withoutLinks.codePoints().noneMatch(Character::isLetter) && URL.matcher(d).find()) {
            return Optional.of("The request \"" + d + "\" is only a link; say what the code should do with it (for "
                    + "example \"# TODO: download this page and return its title\").");
        }
        String[] words = withoutLinks.isEmpty() ? new String[0] : withoutLinks.split("[^\\p{L}\\p{N}_]+");
        long count = java.util.Arrays.stream(words).filter(w -> !w.isEmpty()).count();
        if (count < 2 || withoutLinks.codePoints().noneMatch(Character::isLetter)) {
            return Optional.of("The request \"" + d + "\" is too short to describe code; say what the code should"
                    + " do (for example \"# TODO: parse the date and return it as a datetime\").");
        }
        if (GREETING.matcher(withoutLinks).find() && !hasVerbAfterGreeting(words)) {
            return Optional.of("The request \"" + d + "\" reads as a greeting or a note to a person, not a "
                    + "description of code; nothing was sent to the model.");
        }
        if (java.util.Arrays.stream(words).noneMatch(GenerateRequests::isVerb) && !CODE_MARK.matcher(withoutLinks).find()) {
            return Optional.of("The request \"" + d + "\" names nothing to make or do (no verb such as write, "
                    + "parse, return or sort); nothing was sent to the model.");
        }
        return Optional.empty();
    }

    /** "Thanks, now write a parser": a greeting followed by a request still counts. */
    private static boolean hasVerbAfterGreeting(String[] words) {
        return java.util.Arrays.stream(words).skip(1).anyMatch(GenerateRequests::isVerb);
    }

    static boolean isVerb(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (VERBS.contains(w)) {
            return true;
        }
        for (String suffix : new String[] {"s", "es", "ed", "d", "ing"}) {
            if (w.endsWith(suffix) && w.length() > suffix.length() + 2) {
                String stem = w.substring(0, w.length() - suffix.length());
                if (VERBS.contains(stem) || VERBS.contains(stem + "e")
                        || (stem.length() > 3 && stem.charAt(stem.length() - 1) == stem.charAt(stem.length() - 2)
                        && VERBS.contains(stem.substring(0, stem.length() - 1)))) {
                    return true;
                }
            }
        }
        return false;
    }
}
