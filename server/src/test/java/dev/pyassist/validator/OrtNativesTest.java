package dev.pyassist.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime's native libraries: extracted once per version into the user's own folder, then reused. */
class OrtNativesTest {
    @TempDir
    Path tmp;

    @Test
    void theSecondStartReusesTheFirstExtraction() throws Exception {
        assumeTrue(OrtNatives.platform() != null, "ONNX Runtime bundles no libraries for this platform");
        Path first = OrtNatives.extract(tmp);
        assertNotNull(first);
        Path lib = first.resolve(System.mapLibraryName("onnxruntime").replace("jnilib", "dylib"));
        assertTrue(Files.isRegularFile(lib), lib.toString());
        var written = Files.getLastModifiedTime(lib);

        Path second = OrtNatives.extract(tmp);

        assertEquals(first, second);
        assertEquals(written, Files.getLastModifiedTime(lib), "extracted again");
        try (Stream<Path> s = Files.list(first)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".part")), "a temporary file left behind");
        }
        assertTrue(first.getParent().getFileName().toString().startsWith("pyassist-"), first.toString());
    }

    @Test
    void aFolderOthersMayWriteToIsNotUsed() throws Exception {
        assumeTrue(OrtNatives.platform() != null && tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path home = Files.createDirectory(tmp.resolve("pyassist-" + System.getProperty("user.name")
                .replaceAll("[^A-Za-z0-9._-]", "_")));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertNull(OrtNatives.extract(tmp), "a library planted there would run inside the server");
    }
}
