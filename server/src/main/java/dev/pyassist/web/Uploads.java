package dev.pyassist.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Files the page uploaded, in memory only: text, never executed, gone when the server stops. Each is at most
 * {@link #MAX_FILE} bytes and all of them at most {@link #MAX_TOTAL} (the oldest go first).
 */
final class Uploads {
    static final int MAX_FILE = 512 * 1024;
    static final int MAX_TOTAL = 16 * 1024 * 1024;

    record Upload(String id, String name, String text) {}

    private final LinkedHashMap<String, Upload> files = new LinkedHashMap<>();
    private long total;

    synchronized Upload add(String name, String text) {
        Upload u = new Upload(dev.pyassist.store.HistoryStore.newId(), cleanName(name), text);
        files.put(u.id(), u);
        total += text.length();
        var it = files.entrySet().iterator();
        while (total > MAX_TOTAL && it.hasNext()) {
            Map.Entry<String, Upload> oldest = it.next();
            total -= oldest.getValue().text().length();
            it.remove();
        }
        return u;
    }

    synchronized Optional<Upload> get(String id) {
        return Optional.ofNullable(files.get(id));
    }

    /** The file name only (no folders), printable, at most 100 characters. */
    static String cleanName(String name) {
        String n = name == null ? "" : name.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1).replaceAll("[^\\p{L}\\p{N}._ -]", "_").strip();
        if (n.length() > 100) {
            n = n.substring(0, 100);
        }
        return n.isEmpty() ? "upload.py" : n;
    }
}
