package dev.pyassist.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.files.RefusedFileException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regular files inside the root, within the limit: anything else is refused before it is opened. */
class ExternalFilesTest {
    @TempDir
    Path tmp;

    private Path root;

    @BeforeEach
    void plant() throws Exception {
        root = tmp.resolve("ws");
        HostileFiles.plant(root, tmp.resolve("elsewhere"), ".py");
        Files.writeString(root.resolve("ok.py"), "x = 1\n");
        Files.createSymbolicLink(root.resolve("alias.py"), root.resolve("ok.py"));
    }

    private RefusedFileException refused(String name, long limit) {
        RefusedFileException e = assertThrows(RefusedFileException.class,
                () -> ExternalFiles.readBytes(root.resolve(name), root, limit));
        assertTrue(e.getMessage().contains(root.resolve(name).toString()), "names the file: " + e.getMessage());
        assertFalse(e.getMessage().contains(HostileFiles.SECRET), e.getMessage());
        return e;
    }

    @Test
    void readsRegularFilesAndLinksThatStayInside() throws Exception {
        assertEquals("x = 1\n", ExternalFiles.readString(root.resolve("ok.py"), root, 100));
        assertArrayEquals("x = 1\n".getBytes(StandardCharsets.UTF_8),
                ExternalFiles.readBytes(root.resolve("alias.py"), root, 100));
        assertEquals(root.resolve("ok.py").toRealPath(), ExternalFiles.checked(root.resolve("alias.py"), root, 6));
    }

    @Test
    void refusesTheServersInputEndlessDevicesAndFifosWithoutReadingThem() {
        // each of these would block or never end if it were opened: the test finishing is part of the proof
        assertEquals(Reason.NOT_REGULAR, refused("stdin.py", 1 << 20).reason());
        assertEquals(Reason.NOT_REGULAR, refused("zero.py", 1 << 20).reason());
        assertEquals(Reason.NOT_REGULAR, refused("fifo.py", 1 << 20).reason());
        assertEquals(Reason.NOT_REGULAR, assertThrows(RefusedFileException.class,
                () -> ExternalFiles.readBytes(Path.of("/dev/zero"), null, 1 << 20)).reason());
    }

    @Test
    void refusesLinksThatLeaveTheRootButNotWithoutOne() throws Exception {
        RefusedFileException e = refused("outside.py", 1 << 20);
        assertEquals(Reason.OUTSIDE_ROOT, e.reason());
        assertTrue(e.getMessage().contains("leads outside " + root), e.getMessage());
        // no root: the caller (a file the user named) accepts any regular file
        assertTrue(ExternalFiles.readString(root.resolve("outside.py"), null, 1 << 20).contains("stolen"));
    }

    @Test
    void refusesFilesOverTheLimitNamingTheLimit() throws Exception {
        Files.writeString(root.resolve("big.py"), "#".repeat(5000));
        RefusedFileException e = refused("big.py", 4096);
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("larger than the limit of 4 KiB (it has 4.9 KiB)"), e.getMessage());
        assertEquals(5000, ExternalFiles.readBytes(root.resolve("big.py"), root, 5000).length);
    }

    @Test
    void aStreamStopsAtTheLimitEvenIfTheFileGrew() throws Exception {
        Path f = root.resolve("growing.py");
        Files.writeString(f, "1234");
        try (var in = ExternalFiles.open(f, root, 4)) {
            Files.writeString(f, "123456789"); // grows after the check
            RefusedFileException e = assertThrows(RefusedFileException.class, in::readAllBytes);
            assertEquals(Reason.TOO_LARGE, e.reason());
        }
    }

    @Test
    void missingFilesAndBadTextSayWhat() throws Exception {
        assertEquals(Reason.MISSING, refused("nope.py", 10).reason());
        Files.write(root.resolve("latin.py"), new byte[] {'x', '=', (byte) 0xe9});
        assertEquals(Reason.NOT_TEXT, assertThrows(RefusedFileException.class,
                () -> ExternalFiles.readString(root.resolve("latin.py"), root, 10)).reason());
    }
}
