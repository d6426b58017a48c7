package dev.pyassist.config;

import dev.pyassist.PyassistException;

/** Settings that cannot be read: bad TOML, a wrong type, an unknown enum value. */
public final class SettingsException extends PyassistException {
    public SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
