package dev.pyassist.assist;

import dev.pyassist.store.HistoryStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The history store's file as text (every byte kept), for tests that look for what must never be written. */
final class StoreBytes {
    private StoreBytes() {}

    static String of(Path directory) throws IOException {
        Path file = directory.resolve(HistoryStore.FILE_NAME);
        return Files.isRegularFile(file) ? new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1) : "";
    }
}
