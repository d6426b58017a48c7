package dev.pyassist.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetBuilderTest {
    @TempDir
    Path dir;

    private BuildSummary build(BuildOptions options) {
        try {
            return new DatasetBuilder(options, DatasetBuilder.Progress.NONE)
                    .build(DatasetFixture.copyTo(Files.createTempDirectory(dir, "repo")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static DatasetRecord find(BuildSummary s, String qualname) {
        return s.records().stream().filter(r -> r.qualname().equals(qualname)).findFirst()
                .orElseThrow(() -> new AssertionError("no record " + qualname + " in " + s.records()));
    }

    private static void assertRecord(DatasetRecord r, String path, String kind, String signature,
            List<String> decorators, String docstring, String code, int start, int end) throws Exception {
        assertEquals(path, r.path(), r.qualname());
        assertEquals(kind, r.kind(), r.qualname());
        assertEquals(signature, r.signature(), r.qualname());
        assertEquals(decorators, r.decorators(), r.qualname());
        assertEquals(docstring, r.docstring(), r.qualname());
        assertEquals(code, r.code(), r.qualname());
        assertEquals(start, r.startLine(), r.qualname());
        assertEquals(end, r.endLine(), r.qualname());
        String expectedId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                (path + "\0" + r.qualname() + "\0" + code).getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        assertEquals(expectedId, r.id(), "id = sha256(path, qualname, code)");
    }

    @Test
    void fixtureGivesExactlyTheseRecordsInPathAndSourceOrder() throws Exception {
        BuildSummary s = build(BuildOptions.defaults());
        assertEquals(List.of("clamp", "Circle", "Circle.__init__", "Circle.area", "Circle.unit", "make_scaler",
                "make_scaler.<locals>.scale", "abstract_hook", "fetch", "one_liner"),
                s.records().stream().map(DatasetRecord::qualname).collect(Collectors.toList()));
        assertRecord(find(s, "clamp"), "pkg/copy_exact.py", "function", "def clamp(value, low, high):", List.of(),
                "Clamp value into [low, high].",
                "def clamp(value, low, high):\n    if value < low:\n        return low\n    if value > high:\n"
                        + "        return high\n    return value", 1, 7);
        assertRecord(find(s, "Circle"), "pkg/shapes.py", "class", "class Circle:", List.of(),
                "A circle.\n\nKnows its radius.",
                "class Circle:\n    def __init__(self, radius):\n        self.radius = radius\n\n    @property\n"
                        + "    def area(self):\n        \"\"\"The area.\"\"\"\n        return 3.14159 * self.radius ** 2\n\n"
                        + "    @staticmethod\n    @functools.lru_cache(maxsize=None)\n    def unit():\n"
                        + "        return Circle(1)", 5, 22);
        assertRecord(find(s, "Circle.__init__"), "pkg/shapes.py", "method", "def __init__(self, radius):",
                List.of(), null, "def __init__(self, radius):\n    self.radius = radius", 11, 12);
        assertRecord(find(s, "Circle.area"), "pkg/shapes.py", "method", "def area(self):", List.of("property"),
                "The area.", "def area(self):\n    return 3.14159 * self.radius ** 2", 15, 17);
        assertRecord(find(s, "Circle.unit"), "pkg/shapes.py", "method", "def unit():",
                List.of("staticmethod", "functools.lru_cache(maxsize=None)"), null,
                "def unit():\n    return Circle(1)", 21, 22);
        assertRecord(find(s, "make_scaler"), "pkg/shapes.py", "function", "def make_scaler(factor):", List.of(),
                "Return a function that scales by factor.",
                "def make_scaler(factor):\n    def scale(value):\n        # multiply\n        return value * factor\n\n"
                        + "    return scale", 25, 32);
        assertRecord(find(s, "make_scaler.<locals>.scale"), "pkg/shapes.py", "function", "def scale(value):",
                List.of(), null, "def scale(value):\n    # multiply\n    return value * factor", 28, 30);
        assertRecord(find(s, "abstract_hook"), "pkg/shapes.py", "function", "def abstract_hook(event):", List.of(),
                "Called for every event; subclasses override it.", "def abstract_hook(event):\n    pass", 35, 36);
        assertRecord(find(s, "fetch"), "pkg/util.py", "function", "async def fetch(url, *, timeout=10) -> bytes:",
                List.of(), null, "async def fetch(url, *, timeout=10) -> bytes:\n    return await _get(url, timeout)",
                10, 11);
        assertRecord(find(s, "one_liner"), "pkg/util.py", "function", "def one_liner(x):", List.of(), null,
                "def one_liner(x): return x + 1", 14, 14);
    }

    @Test
    void countsSkippedFilesDuplicatesAndKinds() {
        BuildSummary s = build(BuildOptions.defaults());
        assertEquals(6, s.filesSeen(), "venv, hidden folders and __pycache__ are not searched");
        assertEquals(4, s.filesParsed());
        assertEquals(Map.of("syntax-error", 1, "undecodable", 1), s.skippedByReason());
        assertEquals("pkg/broken.py", s.skipped().get(0).path());
        assertTrue(s.skipped().get(1).message().contains("Non-UTF-8"), s.skipped().toString());
        assertEquals(12, s.unitsFound());
        assertEquals(1, s.exactDuplicates(), "util.clamp is copy_exact.clamp");
        assertEquals(1, s.nearDuplicates(), "copy_near.bound is clamp renamed, with a comment and no docstring");
        assertEquals(Map.of("class", 1, "function", 6, "method", 3), s.recordsByKind());
        String rendered = s.render();
        assertTrue(rendered.contains("files: 6 seen, 4 parsed, 2 skipped {syntax-error=1, undecodable=1}"), rendered);
        assertTrue(rendered.contains("units: 12 found, 0 filtered out, 1 exact duplicates, 1 near duplicates removed"),
                rendered);
    }

    @Test
    void duplicatesAreKeptWhenAsked() {
        BuildOptions d = BuildOptions.defaults();
        BuildSummary s = build(new BuildOptions(d.minLines(), d.maxLines(), d.maxChars(), d.docstring(), d.splits(),
                false, false));
        assertEquals(12, s.records().size());
        assertEquals(List.of("pkg/copy_exact.py", "pkg/util.py"), s.records().stream()
                .filter(r -> r.qualname().equals("clamp")).map(DatasetRecord::path).collect(Collectors.toList()));
    }

    @Test
    void shortUnitsAreNeverNearDuplicates() {
        BuildOptions d = BuildOptions.defaults();
        // clamp/bound normalise to 26 tokens: under a minimum of 27 bound stays, the exact copy still goes
        BuildSummary s = build(new BuildOptions(d.minLines(), d.maxLines(), d.maxChars(), d.docstring(), d.splits(),
                true, true, 27));
        assertEquals(0, s.nearDuplicates());
        assertEquals(1, s.exactDuplicates());
        assertTrue(s.records().stream().anyMatch(r -> r.qualname().equals("bound")));
        assertEquals(26, Fingerprints.normalizedTokens(find(s, "bound").code()).size());
    }

    @Test
    void filtersBySizeAndDocstring() {
        BuildOptions d = BuildOptions.defaults();
        BuildSummary withDoc = build(new BuildOptions(1, 0, 0, BuildOptions.DocstringFilter.required, d.splits(),
                true, true));
        assertEquals(List.of("clamp", "Circle", "Circle.area", "make_scaler", "abstract_hook"),
                withDoc.records().stream().map(DatasetRecord::qualname).collect(Collectors.toList()));
        assertEquals(Map.of("no-docstring", 6), withDoc.filtered());
        BuildSummary without = build(new BuildOptions(1, 0, 0, BuildOptions.DocstringFilter.absent, d.splits(),
                true, true));
        assertTrue(without.records().stream().allMatch(r -> r.docstring() == null));
        // bound has no docstring and clamp is filtered out, so bound is no longer a near duplicate
        assertEquals(List.of("bound", "Circle.__init__", "Circle.unit", "make_scaler.<locals>.scale", "fetch",
                "one_liner"), without.records().stream().map(DatasetRecord::qualname).collect(Collectors.toList()));
        BuildSummary sized = build(new BuildOptions(3, 6, 0, BuildOptions.DocstringFilter.any, d.splits(), true, true));
        assertEquals(List.of("clamp", "make_scaler", "make_scaler.<locals>.scale"),
                sized.records().stream().map(DatasetRecord::qualname).collect(Collectors.toList()));
        assertEquals(Map.of("too-long", 2, "too-short", 6), sized.filtered()); // Circle (13 lines), bound (7)
        BuildSummary chars = build(new BuildOptions(1, 0, 40, BuildOptions.DocstringFilter.any, d.splits(), true, true));
        assertTrue(chars.records().stream().allMatch(r -> r.code().length() <= 40), chars.records().toString());
        assertEquals(List.of("Circle.unit", "abstract_hook", "one_liner"),
                chars.records().stream().map(DatasetRecord::qualname).collect(Collectors.toList()));
    }

    @Test
    void splitIsByFileStableAndSeeded(@TempDir Path big) throws Exception {
        for (int i = 0; i < 200; i++) {
            Files.writeString(big.resolve("m" + i + ".py"), "def f" + i + "(a):\n    return a + " + i + "\n\n"
                    + "class C" + i + ":\n    def m(self):\n        return " + "self.x * ".repeat(i % 7 + 1) + i + "\n");
        }
        BuildOptions defaults = BuildOptions.defaults();
        // the generated files are near duplicates of each other: keep them all, the split is what is tested here
        BuildOptions d = new BuildOptions(defaults.minLines(), defaults.maxLines(), defaults.maxChars(),
                defaults.docstring(), defaults.splits(), false, false);
        List<DatasetRecord> first = new DatasetBuilder(d, DatasetBuilder.Progress.NONE).build(big).records();
        List<DatasetRecord> again = new DatasetBuilder(d, DatasetBuilder.Progress.NONE).build(big).records();
        assertEquals(first, again, "a rerun gives the same records, ids and splits");
        Map<String, String> splitOfFile = new HashMap<>();
        for (DatasetRecord r : first) {
            String before = splitOfFile.putIfAbsent(r.path(), r.split());
            assertTrue(before == null || before.equals(r.split()), "no file spans two splits: " + r.path());
        }
        Map<String, Long> files = splitOfFile.values().stream()
                .collect(Collectors.groupingBy(x -> x, Collectors.counting()));
        assertTrue(files.get("train") >= 165 && files.get("validation") >= 3 && files.get("test") >= 3, files.toString());
        // a file keeps its split when others are added
        Files.writeString(big.resolve("zz_new.py"), "def brand_new(q):\n    return q ** 3 - q\n");
        for (DatasetRecord r : new DatasetBuilder(d, DatasetBuilder.Progress.NONE).build(big).records()) {
            if (!r.path().equals("zz_new.py")) {
                assertEquals(splitOfFile.get(r.path()), r.split(), r.path());
            }
        }
        BuildOptions seeded = new BuildOptions(d.minLines(), d.maxLines(), d.maxChars(), d.docstring(),
                new Splits(90, 5, 5, 7), false, false);
        List<DatasetRecord> other = new DatasetBuilder(seeded, DatasetBuilder.Progress.NONE).build(big).records();
        assertNotEquals(first.stream().map(DatasetRecord::split).collect(Collectors.toList()),
                other.stream().map(DatasetRecord::split).collect(Collectors.toList()), "the seed changes the split");
    }

    @Test
    void splitsParseAndReject() {
        assertEquals(new Splits(80, 10, 10, 3), Splits.parse("80/10/10", 3));
        assertEquals("train", new Splits(1, 0, 0, 0).of("any/path.py"));
        assertEquals("test", new Splits(0, 0, 1, 0).of("any/path.py"));
        for (String bad : new String[] {"90/10", "a/b/c", "0/0/0", "-1/50/51"}) {
            try {
                Splits.parse(bad, 0);
                throw new AssertionError("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains("weights") || expected.getMessage().contains("split"));
            }
        }
    }

    @Test
    void cleandocMatchesPython() {
        // expected values printed by CPython's inspect.cleandoc
        assertEquals("Summary.\n\n  Indented more.\nBody.",
                UnitExtractor.cleandoc("  Summary.\n\n      Indented more.\n    Body.\n    "));
        assertEquals("Tabbed\n  x", UnitExtractor.cleandoc("\n\tTabbed\n\t  x\n"));
        assertEquals("One line.   ", UnitExtractor.cleandoc("One line.   "));
        assertEquals("   ", UnitExtractor.cleandoc("   \n   \n"));
    }

    @Test
    void headersStringsAndInlineDocstrings() {
        String src = "class K(Base, metaclass=M):\n"
                + "    def m(self, s=\"):\", *a: 'x:y',\n"
                + "          **kw) -> dict[str, int]:\n"
                + "        '''Doc.'''\n"
                + "        text = '''\n"
                + "  keep this indent\n"
                + "'''\n"
                + "        return {}\n"
                + "def g(): \"inline doc\"; return 2\n"
                + "def h(): 'only'\n";
        var parsed = dev.pyassist.python.PythonParser.parse(src);
        assertTrue(parsed.ok(), parsed.errors().toString());
        List<DatasetRecord> rs = UnitExtractor.extract("x.py", src, parsed.module());
        assertEquals("class K(Base, metaclass=M):", rs.get(0).signature());
        DatasetRecord m = rs.get(1);
        assertEquals("K.m", m.qualname());
        assertEquals("def m(self, s=\"):\", *a: 'x:y',\n      **kw) -> dict[str, int]:", m.signature());
        assertEquals("Doc.", m.docstring());
        assertEquals("def m(self, s=\"):\", *a: 'x:y',\n      **kw) -> dict[str, int]:\n    text = '''\n"
                + "  keep this indent\n'''\n    return {}", m.code(), "lines inside a string keep their indent");
        assertEquals("def g(): return 2", rs.get(2).code());
        assertEquals("inline doc", rs.get(2).docstring());
        assertEquals("def h(): pass", rs.get(3).code());
        assertNull(UnitExtractor.docstringStatement(List.of()));
    }

    @Test
    void fStringsWithNestedQuotesAndFormatSpecsAreOneString() {
        String src = "def f(d=f\"{x[\"):\"]:>{w}}\", e=f'{y:\">3}'):\n"
                + "    s = f'''{d[\"'''\"]}\n"
                + "  text'''\n"
                + "    return s\n";
        var parsed = dev.pyassist.python.PythonParser.parse(src);
        assertTrue(parsed.ok(), parsed.errors().toString());
        DatasetRecord r = UnitExtractor.extract("x.py", src, parsed.module()).get(0);
        assertEquals("def f(d=f\"{x[\"):\"]:>{w}}\", e=f'{y:\">3}'):", r.signature());
        assertEquals("def f(d=f\"{x[\"):\"]:>{w}}\", e=f'{y:\">3}'):\ns = f'''{d[\"'''\"]}\n  text'''\nreturn s"
                .replace("\ns =", "\n    s =").replace("\nreturn", "\n    return"), r.code());
        assertEquals(List.of("def", "ID", "(", "ID", "=", "STR", ",", "ID", "=", "STR", ")", ":", "ID", "=", "STR",
                "return", "ID"), Fingerprints.normalizedTokens(r.code()));
    }

    @Test
    void nearDuplicateKeyIgnoresNamesLiteralsCommentsAndLayout() {
        List<String> a = Fingerprints.normalizedTokens("def f(a, b):\n    # c\n    return a + b * 2  # x\n");
        List<String> b = Fingerprints.normalizedTokens("def  g(x,\n      y):\n    return x + y * 3\n");
        List<String> c = Fingerprints.normalizedTokens("def g(x, y):\n    return x - y * 3\n");
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(List.of("def", "ID", "(", ")", ":", "return", "STR"),
                Fingerprints.normalizedTokens("def f():\n    \"\"\"doc\"\"\"\n    return 'x'\n").stream()
                        .filter(t -> !t.equals("\n")).collect(Collectors.toList()));
    }
}
