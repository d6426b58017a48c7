package dev.pyassist.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies the fixture repository {@code dataset-repo/} to a folder, adding what git would not keep. */
public final class DatasetFixture {
    private DatasetFixture() {}

    public static Path copyTo(Path target) {
        try {
            Path source = Path.of(DatasetFixture.class.getResource("/dataset-repo").toURI());
            try (Stream<Path> all = Files.walk(source)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    Path dest = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.copy(p, dest);
                    }
                }
            }
            // __pycache__ is ignored by git, so the test makes it
            Files.createDirectories(target.resolve("__pycache__"));
            Files.writeString(target.resolve("__pycache__/c.py"), "def cached():\n    return 1\n");
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
