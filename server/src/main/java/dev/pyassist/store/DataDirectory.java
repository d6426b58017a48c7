package dev.pyassist.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * The user's data directory for pyassist: the configured folder ({@code assist.feedbackDirectory}) when set, else
 * {@code $XDG_DATA_HOME/pyassist}, else {@code $HOME/.local/share/pyassist}. The environment's {@code HOME} wins
 * over Java's {@code user.home} (which follows the password database, not the session the user started).
 */
public final class DataDirectory {
    private DataDirectory() {}

    public static Path of(String configured, Map<String, String> env) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.strip());
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "pyassist");
        }
        String home = env.get("HOME");
        if (home == null || home.isBlank() || !Path.of(home).isAbsolute()) {
            home = System.getProperty("user.home");
        }
        return Path.of(home, ".local", "share", "pyassist");
    }
}
