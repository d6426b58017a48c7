package dev.pyassist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupArchiveTest {
    @TempDir
    Path dir;

    @Test
    void theArchiveIsTheLastSharedArchiveFileOption() {
        assertEquals(Optional.empty(), StartupArchive.requested(List.of("-Xmx512m")));
        assertEquals(Optional.of(Path.of("/b.jsa")), StartupArchive.requested(
                List.of("-XX:SharedArchiveFile=/a.jsa", "-Xms32m", "-XX:SharedArchiveFile=/b.jsa")));
        assertEquals(Optional.empty(), StartupArchive.requested(List.of("-XX:SharedArchiveFile=")));
    }

    @Test
    void missingOrOlderThanTheJarOrTheJdkIsStale() throws Exception {
        Path jar = Files.writeString(dir.resolve("pyassist.jar"), "jar");
        Path home = dir.resolve("jdk");
        Path modules = Files.createDirectories(home.resolve("lib")).resolve("modules");
        Files.writeString(modules, "modules");
        Path archive = dir.resolve("pyassist.jsa");
        assertTrue(StartupArchive.stale(archive, jar, home), "missing");
        Files.writeString(archive, "archive");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(modules, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(archive, FileTime.fromMillis(2_000_000));
        assertFalse(StartupArchive.stale(archive, jar, home), "newer than both");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(3_000_000));
        assertTrue(StartupArchive.stale(archive, jar, home), "a newer jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(modules, FileTime.fromMillis(3_000_000));
        assertTrue(StartupArchive.stale(archive, jar, home), "a newer JDK");
    }

    @Test
    void theChildKeepsHeapAndCompilerOptionsAndDumpsWithLoggingOffStdout() {
        Path partial = Path.of("/cache/pyassist.jsa.part1");
        assertEquals(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx512m", "-Dfile.encoding=UTF-8",
                        "-XX:ArchiveClassesAtExit=" + partial, "-Xlog:disable", "-Xlog:all=warning:stderr"),
                StartupArchive.childOptions(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx512m",
                        "-XX:SharedArchiveFile=/cache/pyassist.jsa", "-Xlog:disable", "-Xlog:all=warning:stderr",
                        "-Xshare:auto", "-XX:StartFlightRecording=filename=x.jfr", "-javaagent:a.jar",
                        "-Dfile.encoding=UTF-8"), partial));
    }

    @Test
    void partialArchivesOfMakersThatAreGoneAreDeleted() throws Exception {
        long alive = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
        Path ours = Files.writeString(dir.resolve("pyassist.jsa.part" + ProcessHandle.current().pid()), "x");
        Path living = Files.writeString(dir.resolve("pyassist.jsa.part" + alive), "x");
        Path gone = Files.writeString(dir.resolve("pyassist.jsa.part" + Long.MAX_VALUE), "x");
        Path other = Files.writeString(dir.resolve("pyassist.jsa"), "x");
        StartupArchive.deleteOrphanedParts(dir, "pyassist.jsa.part");
        assertFalse(Files.exists(ours));
        assertTrue(Files.exists(living));
        assertFalse(Files.exists(gone));
        assertTrue(Files.exists(other));
    }
}
