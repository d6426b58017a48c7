package dev.pyassist;

import java.util.Map;

/**
 * The process environment the parts read (LLM keys and routing, {@code PATH}, the feedback folder), bound once by
 * the process's root module; tests bind a map of their own instead of {@link System#getenv()}.
 */
public record Environment(Map<String, String> variables) {
    public Environment {
        variables = Map.copyOf(variables);
    }

    public static Environment ofProcess() {
        return new Environment(System.getenv());
    }
}
