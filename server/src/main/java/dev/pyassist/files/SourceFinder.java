package dev.pyassist.files;

import dev.pyassist.files.ExternalFiles;
import dev.pyassist.files.RefusedFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Python files named by the command line: files as given (whatever their extension), directories
 * searched for {@code .py} and {@code .pyi} files, skipping hidden folders, virtualenvs (any folder holding
 * {@code pyvenv.cfg}), {@code __pycache__}, {@code site-packages} and {@code node_modules}. A symbolic link
 * found in a folder is kept only when it leads to a regular file inside that folder ({@link ExternalFiles}'s
 * rule): never to a FIFO, a device or a file elsewhere. Files named on the command line are kept as given; reading
 * them ({@link ExternalFiles}) refuses anything but a regular file.
 */
public final class SourceFinder {
    private static final Set<String> SKIPPED = Set.of("__pycache__", "site-packages", "node_modules");

    private SourceFinder() {}

    public static List<Path> find(List<Path> roots) {
        TreeSet<Path> found = new TreeSet<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                walk(root, found);
            } else {
                found.add(root.normalize());
            }
        }
        return new ArrayList<>(found);
    }

    private static boolean staysInside(Path link, Path root) {
        try {
            ExternalFiles.checked(link, root, Long.MAX_VALUE);
            return true;
        } catch (RefusedFileException e) {
            return false;
        }
    }

    private static void walk(Path root, Set<Path> found) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String name = dir.getFileName().toString();
                    boolean skip = name.startsWith(".") || SKIPPED.contains(name)
                            || Files.exists(dir.resolve("pyvenv.cfg"));
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if ((name.endsWith(".py") || name.endsWith(".pyi"))
                            && (attrs.isRegularFile() || attrs.isSymbolicLink() && staysInside(file, root))) {
                        found.add(file.normalize());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // unreadable entries are skipped, as `find` would
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
