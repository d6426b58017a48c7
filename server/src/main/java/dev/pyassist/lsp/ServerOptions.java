package dev.pyassist.lsp;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * What {@code serve} (or a test) decides about one server: how it exits, whether the parser warm-up runs, and the
 * validator folder from {@code --model} (empty: the setting, else the bundled one).
 */
public record ServerOptions(IntConsumer exit, boolean warmUp, Optional<Path> model) {
}
