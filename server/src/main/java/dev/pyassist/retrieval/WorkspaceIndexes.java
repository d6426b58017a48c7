package dev.pyassist.retrieval;

import java.nio.file.Path;

/** Opens the index of one workspace root (after the handshake, when the root is known). */
@FunctionalInterface
public interface WorkspaceIndexes {
    WorkspaceIndex open(Path root);
}
