package dev.pyassist.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Compares {@link PythonParser} with the local CPython ({@code python3}, 3.11 here): (a) every stdlib file, (b)
 * deterministic mutants of stdlib files that CPython rejects. Skipped when no python3 is installed.
 */
@Tag("cpython")
class CPythonAgreementTest {
    static final long SEED = Long.getLong("pyassist.seed", 20261121L);
    static final int MUTANTS_PER_KIND = Integer.getInteger("pyassist.mutantsPerKind", 400);
    static final ObjectMapper JSON = new ObjectMapper();

    record Verdict(int line, int col, String msg) {
    }

    static String python() {
        try {
            Process pr = new ProcessBuilder("python3", "-c",
                    "import sys,sysconfig;print(sys.version_info[0]*100+sys.version_info[1]);"
                            + "print(sysconfig.get_paths()['stdlib'])").redirectErrorStream(true).start();
            String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!pr.waitFor(30, TimeUnit.SECONDS) || pr.exitValue() != 0) return null;
            return out;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    static JsonNode cpython(List<String> files, Map<String, String> sources) throws Exception {
        return cpython(files, sources, List.of());
    }

    static JsonNode cpython(List<String> files, Map<String, String> sources, List<String> astFiles)
            throws Exception {
        Path script = Files.createTempFile("cpython_verdicts", ".py");
        try (InputStream in = CPythonAgreementTest.class.getResourceAsStream("/python/cpython_verdicts.py")) {
            Files.write(script, in.readAllBytes());
        }
        ObjectNode req = JSON.createObjectNode();
        var arr = req.putArray("files");
        files.forEach(arr::add);
        var astArr = req.putArray("ast_files");
        astFiles.forEach(astArr::add);
        ObjectNode src = req.putObject("sources");
        sources.forEach(src::put);
        Process pr = new ProcessBuilder("python3", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Thread writer = new Thread(() -> {
            try (OutputStream os = pr.getOutputStream()) {
                JSON.writeValue(os, req);
            } catch (IOException e) {
                // reader will fail
            }
        });
        writer.start();
        JsonNode out = JSON.readTree(pr.getInputStream());
        pr.waitFor(120, TimeUnit.SECONDS);
        writer.join();
        Files.deleteIfExists(script);
        return out;
    }

    static Verdict cpythonVerdict(JsonNode v) {
        if (v == null || v.isNull()) return null;
        return new Verdict(Math.max(1, v.get(0).asInt()), v.get(1).asInt(), v.get(3).asText().equals("SyntaxError")
                || v.get(3).asText().equals("IndentationError") || v.get(3).asText().equals("TabError")
                ? v.get(2).asText() : "<" + v.get(3).asText() + "> " + v.get(2).asText());
    }

    static Verdict ours(String text, SyntaxDiagnostic pre) {
        SyntaxDiagnostic d = pre;
        if (d == null) {
            ParseResult r = PythonParser.parse(text);
            if (r.ok()) return null;
            d = r.errors().get(0);
        }
        int ls = d.start();
        while (ls > 0 && text.charAt(ls - 1) != '\n' && text.charAt(ls - 1) != '\r') ls--;
        return new Verdict(line(text, d.start()), text.codePointCount(ls, d.start()) + 1, d.message());
    }

    static String lineText(String s, int line) {
        String[] ls = s.split("\\R", -1);
        return line >= 1 && line <= ls.length ? ls[line - 1].strip() : "";
    }

    static int line(String s, int off) {
        int l = 1;
        for (int i = 0; i < off && i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= s.length() || s.charAt(i + 1) != '\n'))) l++;
        }
        return l;
    }

    /**
     * Hand-written snippets (valid and invalid, many error kinds). Snippets marked {@code # py312} are valid in
     * Python 3.12 but not in the reference 3.11: they must parse without error and are counted separately.
     */
    @Test
    void snippets() throws Exception {
        assumeTrue(python() != null, "python3 not available");
        String all;
        try (InputStream in = CPythonAgreementTest.class.getResourceAsStream("/python/snippets.txt")) {
            all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] parts = all.split("\n#---\n");
        Map<String, String> sources = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) sources.put("snippet" + i, parts[i] + "\n");
        JsonNode verdicts = cpython(List.of(), sources);
        int n = 0, accepted = 0, acceptedOk = 0, rejected = 0, line = 0, msg = 0, col = 0, py312 = 0;
        List<String> bad = new ArrayList<>();
        for (var e : sources.entrySet()) {
            n++;
            String src = e.getValue();
            Verdict want = cpythonVerdict(verdicts.get(e.getKey()));
            Verdict got = ours(src, null);
            String shown = src.strip().replace("\n", "\\n");
            if (src.startsWith("# py312-errors")) {
                // f-string and type-parameter errors: 3.12 wording and positions differ from 3.11's
                py312++;
                if (got == null) bad.add("3.12 ERROR SNIPPET ACCEPTED " + shown);
                continue;
            }
            if (src.startsWith("# py312")) {
                py312++;
                if (got != null) bad.add("3.12 SNIPPET REJECTED " + shown + ": " + got);
                continue;
            }
            if (want == null) {
                accepted++;
                if (got == null) acceptedOk++;
                else bad.add("FALSE POSITIVE " + shown + ": " + got);
                continue;
            }
            rejected++;
            if (got == null) {
                bad.add("MISSED " + shown + ": cpython " + want);
                continue;
            }
            if (got.line() == want.line()) line++;
            else bad.add("LINE " + shown + ": cpython " + want + " ours " + got);
            if (got.msg().equals(want.msg())) msg++;
            else if (got.line() == want.line()) bad.add("MESSAGE " + shown + ": cpython " + want + " ours " + got);
            if (got.line() == want.line() && got.col() == want.col()) col++;
        }
        System.out.printf("snippets: %d; CPython accepts %d (we accept %d); rejects %d: same line %d, same message %d,"
                + " same column %d; 3.12-only snippets %d%n", n, accepted, acceptedOk, rejected, line, msg, col, py312);
        bad.forEach(System.out::println);
        assertEquals(accepted, acceptedOk, "snippets CPython accepts must parse");
        assertTrue(line >= 0.97 * rejected, "snippet line agreement " + line + "/" + rejected);
    }

    /** Node kinds and positions (line, column, end line, end column) agree with CPython's ast on ASCII files. */
    @Test
    void astPositions() throws Exception {
        String info = python();
        assumeTrue(info != null, "python3 not available");
        String[] lines = info.strip().split("\\R");
        Path stdlib = Path.of(lines[lines.length - 1].strip());
        List<String> names = List.of("argparse.py", "dataclasses.py", "functools.py", "typing.py", "textwrap.py",
                "asyncio/tasks.py", "json/decoder.py", "test/test_patma.py", "test/test_grammar.py", "ast.py");
        List<String> files = new ArrayList<>();
        for (String n : names) {
            Path p = stdlib.resolve(n);
            if (Files.isRegularFile(p) && Files.readString(p).chars().allMatch(c -> c < 128)) files.add(p.toString());
        }
        assumeTrue(!files.isEmpty());
        JsonNode out = cpython(List.of(), Map.of(), files);
        int nodes = 0;
        for (String f : files) {
            List<String> want = new ArrayList<>();
            out.get("ast:" + f).forEach(x -> want.add(x.asText()));
            String src = Files.readString(Path.of(f));
            ParseResult r = PythonParser.parse(src);
            assertTrue(r.ok(), f + ": " + r.errors());
            List<String> got = new ArrayList<>();
            int[] starts = ParserBase.computeLineStarts(src);
            dump(r.module(), false, starts, got);
            java.util.Collections.sort(got);
            List<String> missing = new ArrayList<>(want);
            got.forEach(missing::remove);
            List<String> extra = new ArrayList<>(got);
            want.forEach(extra::remove);
            assertEquals(List.of(), missing.stream().limit(10).toList(), f + " nodes missing; extra: "
                    + extra.stream().limit(10).toList());
            assertEquals(want.size(), got.size(), f);
            nodes += want.size();
        }
        System.out.printf("AST positions: %d nodes in %d files identical to CPython's ast%n", nodes, files.size());
    }

    private static String lc(int[] starts, int off) {
        int lo = 0, hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= off) lo = mid;
            else hi = mid - 1;
        }
        return (lo + 1) + " " + (off - starts[lo]);
    }

    private static void dump(dev.pyassist.python.ast.Node n, boolean skip, int[] starts, List<String> out) {
        String name = switch (n.getClass().getSimpleName()) {
            case "ExprStmt" -> "Expr";
            case "Arg" -> "arg";
            case "Keyword" -> "keyword";
            case "Alias" -> "alias";
            default -> n.getClass().getSimpleName();
        };
        boolean positioned = !(n instanceof dev.pyassist.python.ast.Module || n instanceof dev.pyassist.python.ast.Arguments
                || n instanceof dev.pyassist.python.ast.WithItem || n instanceof dev.pyassist.python.ast.MatchCase
                || n instanceof dev.pyassist.python.ast.Comprehension
                || n instanceof dev.pyassist.python.ast.FormattedValue);
        if (positioned && !skip) out.add(name + " " + lc(starts, n.start()) + " " + lc(starts, n.end()));
        boolean sk = skip || n instanceof dev.pyassist.python.ast.JoinedStr;
        for (dev.pyassist.python.ast.Node c : n.children()) dump(c, sk, starts, out);
    }

    @Test
    void stdlibAndMutants() throws Exception {
        String info = python();
        assumeTrue(info != null, "python3 not available");
        String[] lines = info.strip().split("\\R");
        Path stdlib = Path.of(lines[lines.length - 1].strip());
        List<Path> files;
        try (Stream<Path> s = Files.walk(stdlib)) {
            files = s.filter(p -> p.toString().endsWith(".py") && !p.toString().contains("site-packages"))
                    .filter(Files::isRegularFile).sorted().toList();
        }
        assumeTrue(!files.isEmpty(), "no stdlib found");

        // ---- mutants (generated before the single python3 call)
        Random rnd = new Random(SEED);
        List<Path> mutable = new ArrayList<>();
        Map<Path, String> texts = new LinkedHashMap<>();
        for (Path p : files) {
            long size = Files.size(p);
            if (size < 1_000 || size > 40_000) continue;
            DecodedSource ds = SourceDecoder.decode(Files.readAllBytes(p));
            if (ds.error().isPresent() || !PythonParser.parse(ds.text()).ok()) continue;
            mutable.add(p);
            texts.put(p, ds.text());
        }
        Map<String, Mutator.Mutant> mutants = new LinkedHashMap<>();
        for (Mutator.Kind kind : Mutator.Kind.values()) {
            int made = 0, tries = 0;
            while (made < MUTANTS_PER_KIND && tries++ < MUTANTS_PER_KIND * 5) {
                Path p = mutable.get(rnd.nextInt(mutable.size()));
                Mutator m = new Mutator(texts.get(p), rnd.nextLong());
                if (!m.usable()) continue;
                String id = kind + "#" + made + ":" + stdlib.relativize(p);
                Mutator.Mutant mu = m.mutate(kind, id);
                if (mu == null) continue;
                mutants.put(id, mu);
                made++;
            }
        }
        Map<String, String> sources = new LinkedHashMap<>();
        mutants.forEach((id, m) -> sources.put(id, m.source()));
        long t0 = System.nanoTime();
        JsonNode verdicts = cpython(files.stream().map(Path::toString).toList(), sources);
        System.out.printf("python3 verdicts: %d files + %d mutants in %.1f s%n", files.size(), sources.size(),
                (System.nanoTime() - t0) / 1e9);

        // ---- (a) stdlib files
        int clean = 0, cleanOk = 0, rejected = 0, rejectedLine = 0, rejectedMsg = 0;
        List<String> problems = new ArrayList<>();
        for (Path p : files) {
            byte[] bytes = Files.readAllBytes(p);
            DecodedSource ds = SourceDecoder.decode(bytes);
            Verdict want = cpythonVerdict(verdicts.get(p.toString()));
            Verdict got = ours(ds.text(), ds.error().orElse(null));
            if (want == null) {
                clean++;
                if (got == null) cleanOk++;
                else problems.add("FALSE POSITIVE " + p + ": " + got);
            } else {
                rejected++;
                if (got != null && got.line() == want.line()) rejectedLine++;
                else problems.add("STDLIB " + p + ": cpython " + want + " ours " + got);
                if (got != null && got.msg().equals(want.msg())) rejectedMsg++;
                else problems.add("STDLIB MESSAGE " + p + ": cpython " + want + " ours " + got);
            }
        }
        System.out.printf("stdlib: %d files accepted by CPython, %d with zero diagnostics from us; "
                + "%d rejected, same line %d, same message %d%n", clean, cleanOk, rejected, rejectedLine, rejectedMsg);

        // ---- (b) mutants
        Map<Mutator.Kind, int[]> table = new EnumMap<>(Mutator.Kind.class); // count, line, msg, accepted-by-us
        int excluded = 0;
        List<String> mismatches = new ArrayList<>();
        List<String> msgMismatches = new ArrayList<>();
        for (Mutator.Mutant m : mutants.values()) {
            Verdict want = cpythonVerdict(verdicts.get(m.id()));
            if (want == null) continue; // CPython accepts the mutant: not a syntax error case
            if (want.msg().startsWith("<")) {
                excluded++;
                continue;
            }
            int[] row = table.computeIfAbsent(m.kind(), k -> new int[5]);
            Verdict got = ours(m.source(), null);
            row[0]++;
            if (got != null && got.line() == want.line()) row[1]++;
            else mismatches.add(m.id() + ": cpython " + want + " ours " + got + " | " + lineText(m.source(), want.line()));
            if (got != null && got.msg().equals(want.msg())) row[2]++;
            else if (got != null && got.line() == want.line()) {
                if (false) msgMismatches.add("");
                msgMismatches.add(m.id() + ": cpython " + want + " ours " + got + " | " + lineText(m.source(), want.line()));
            }
            if (got == null) row[3]++;
            if (got != null && got.line() == want.line() && got.col() == want.col()) row[4]++;
            else if (got != null && got.line() == want.line() && Boolean.getBoolean("pyassist.showColumns")) {
                msgMismatches.add("COLUMN " + m.id() + ": cpython " + want + " ours " + got + " | "
                        + lineText(m.source(), want.line()));
            }
        }
        int total = 0, line = 0, msg = 0, col = 0;
        System.out.println();
        System.out.printf("%-22s %6s %8s %8s %8s%n", "mutation", "count", "line %", "msg %", "col %");
        for (var e : table.entrySet()) {
            int[] r = e.getValue();
            total += r[0];
            line += r[1];
            msg += r[2];
            col += r[4];
            System.out.printf("%-22s %6d %8.2f %8.2f %8.2f%n", e.getKey(), r[0], 100.0 * r[1] / r[0],
                    100.0 * r[2] / r[0], 100.0 * r[4] / r[0]);
        }
        System.out.printf("%-22s %6d %8.2f %8.2f %8.2f%n", "ALL", total, 100.0 * line / Math.max(1, total),
                100.0 * msg / Math.max(1, total), 100.0 * col / Math.max(1, total));
        System.out.println("excluded (non-SyntaxError verdicts): " + excluded);
        problems.forEach(System.out::println);
        mismatches.stream().limit(Integer.getInteger("pyassist.showMismatches", 60)).forEach(System.out::println);
        msgMismatches.stream().limit(Integer.getInteger("pyassist.showMismatches", 60))
                .forEach(x -> System.out.println("MESSAGE " + x));
        if (Boolean.getBoolean("pyassist.dumpMismatches")) {
            Path dump = Path.of("target", "agreement-mismatches");
            Files.createDirectories(dump);
            int i = 0;
            for (String id : mismatches) {
                String key = id.substring(0, id.indexOf(": cpython")).replace("MESSAGE ", "");
                Files.writeString(dump.resolve((i++) + ".py"), mutants.get(key).source());
                Files.writeString(dump.resolve((i - 1) + ".txt"), id);
            }
        }

        assertEquals(clean, cleanOk, "CPython-accepted stdlib files must give zero diagnostics");
        assertTrue(rejected == 0 || rejectedLine == rejected, "stdlib files CPython rejects: same line");
        assertTrue(total > 1000, "too few rejected mutants: " + total);
        assertTrue(line >= 0.99 * total, "line agreement " + (100.0 * line / total) + "% < 99%");
    }
}
