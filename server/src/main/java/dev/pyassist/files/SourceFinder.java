package dev.pyassist.files;

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
 * The one file walker: which files are the project's Python files, for {@code check}, {@code dataset build} and the
 * workspace index alike. Files named on the command line are kept as given (whatever their extension); directories are
 * searched for {@code .py} and {@code .pyi} files, skipping hidden folders, virtualenvs (any folder holding
 * {@code pyvenv.cfg}) and the folders of {@link #SKIPPED} (caches, installed packages, build output). A symbolic link
 * found in a folder is kept only when it leads to a regular file inside that folder ({@link ExternalFiles}'s
 * rule): never to a FIFO, a device or a file elsewhere. Reading the files ({@link ExternalFiles}) refuses anything but
 * a regular file.
 */
public final class SourceFinder {
    /**
     * Folders that are never the project's own code, by name: caches, installed or vendored packages, build output
     * (setuptools' {@code build/lib} and {@code dist}, Maven's {@code target}), and {@code venv}, the usual name of a
     * virtualenv made without {@code pyvenv.cfg}. Hidden folders ({@code .git}, {@code .venv}, {@code .tox}, …) are
     * skipped by their dot.
     */
    public static final Set<String> SKIPPED = Set.of("__pycache__", "site-packages", "node_modules", "venv", "build",
            "dist", "target");

    private SourceFinder() {}

    public static List<Path> find(List<Path> roots) {
        TreeSet<Path> found = new TreeSet<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                walk(root, found, Integer.MAX_VALUE);
            } else {
                found.add(root.normalize());
            }
        }
        return new ArrayList<>(found);
    }

    /**
     * The project's Python files under {@code root}, in path order; at most {@code maxFiles} (the first the walk
     * meets), none when {@code root} is not a folder.
     */
    public static List<Path> under(Path root, int maxFiles) {
        TreeSet<Path> found = new TreeSet<>();
        if (Files.isDirectory(root)) {
            walk(root, found, maxFiles);
        }
        return new ArrayList<>(found);
    }

    /** Whether the walk leaves out the folder {@code dir} (not the root it starts from) and all below it. */
    public static boolean skipped(Path dir) {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        return name.startsWith(".") || SKIPPED.contains(name) || Files.exists(dir.resolve("pyvenv.cfg"));
    }

    private static boolean staysInside(Path link, Path root) {
        try {
            ExternalFiles.checked(link, root, Long.MAX_VALUE);
            return true;
        } catch (RefusedFileException e) {
            return false;
        }
    }

    private static void walk(Path root, Set<Path> found, int maxFiles) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    return skipped(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if ((name.endsWith(".py") || name.endsWith(".pyi"))
                            && (attrs.isRegularFile() || attrs.isSymbolicLink() && staysInside(file, root))) {
                        found.add(file.normalize());
                    }
                    return found.size() >= maxFiles ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
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
