package dev.pyassist.assist;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compile check runs hostile input: a checker that outlives its time limit goes with every process it started,
 * and g++ runs under a memory limit. A stand-in {@code g++} (a shell script on a PATH of its own) plays the
 * compiler that leaves its real work to a child, as g++ does with cc1plus.
 */
class CompileCheckLimitsTest {
    @TempDir
    Path dir;

    private Path fakeTool(String name, String script) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path tool = bin.resolve(name);
        Files.writeString(tool, "#!/bin/sh\n" + script);
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        return bin;
    }

    @Test
    void theChildOfACheckerThatTimesOutIsKilledToo() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
        Path pidFile = dir.resolve("child.pid");
        // g++ starts cc1plus and waits for it; here the "compiler" sleeps for ten minutes
        Path bin = fakeTool("g++", "sleep 600 &\necho $! > '" + pidFile + "'\nwait\n");
        var check = new CompileCheck(Duration.ofMillis(500), bin.toString());

        var outcome = check.check(Language.CPP, "int main() { return 0; }\n");

        assertFalse(outcome.ran(), outcome.summary());
        assertTrue(outcome.summary().contains("took longer"), outcome.summary());
        long child = Long.parseLong(Files.readString(pidFile).trim());
        var handle = ProcessHandle.of(child);
        if (handle.isPresent()) {
            // killed processes vanish asynchronously; a live one would stay for ten minutes
            handle.get().onExit().get(30, TimeUnit.SECONDS);
        }
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the child still runs");
    }

    @Test
    void gppRunsUnderAMemoryLimitOnLinux() throws Exception {
        assumeTrue(CheckProcess.grouped(), "the memory limit needs Linux with setsid");
        Path bin = fakeTool("g++", "echo \"limit $(ulimit -v)\"\nexit 1\n");
        var check = new CompileCheck(Duration.ofSeconds(30), bin.toString());

        var outcome = check.check(Language.CPP, "int main() { return 0; }\n");

        assertTrue(outcome.ran(), outcome.summary());
        assertTrue(outcome.detail().startsWith("limit "), outcome.detail());
        assertNotEquals("limit unlimited", outcome.detail(), "g++ ran without a memory limit");
        assertTrue(outcome.detail().equals("limit " + CompileCheck.MEMORY_BYTES / 1024), outcome.detail());
    }

    @Test
    void aCheckerThatPrintsMegabytesIsReadUpToTheCap() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
        // more than a pipe holds: a check that reads only after the tool ended would wait for the time limit
        Path bin = fakeTool("g++", "yes 'error: expected expression' | head -c 4000000\nexit 1\n");
        var check = new CompileCheck(Duration.ofSeconds(60), bin.toString());

        var outcome = check.check(Language.CPP, "int main() { return 0; }\n");

        assertTrue(outcome.ran(), outcome.summary());
        assertFalse(outcome.ok());
        assertTrue(outcome.detail().startsWith("error: expected expression"), outcome.detail());
    }
}
