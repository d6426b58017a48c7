package dev.pyassist.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Collection;
import java.util.Map;

/**
 * Messages for settings that do not fit, naming the key and what it takes, never the value: a value in the wrong
 * slot is often an API key (Jackson's own messages quote it: "from String value ('sk-…')").
 */
final class SettingsErrors {
    static final String TARGET_VERSION =
            "invalid pyassist setting targetVersion (target-version): expected py38, py39, py310, py311, py312 or py313";

    private SettingsErrors() {}

    /** "invalid pyassist setting diagnostics.debounceMs: expected an integer". */
    static String describe(Exception e) {
        String key = e instanceof JsonMappingException m ? path(m) : "";
        String expected = e instanceof MismatchedInputException m && m.getTargetType() != null
                ? ": expected " + expected(m.getTargetType()) : "";
        return key.isEmpty() ? "invalid pyassist settings" + expected
                : "invalid pyassist setting " + key + (expected.isEmpty() ? " (a value of the wrong kind)" : expected);
    }

    /** " at line L, column C" for a parse error, or "" when it has no location. */
    static String at(JsonProcessingException e) {
        JsonLocation where = e.getLocation();
        return where == null || where.getLineNr() < 1 ? ""
                : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == dev.pyassist.config.Secret.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a table (an object)";
        }
        return "a " + type.getSimpleName();
    }
}
