package dev.pyassist.names;

import dev.pyassist.python.DecodedSource;
import dev.pyassist.python.ParseResult;
import dev.pyassist.python.PythonParser;
import dev.pyassist.python.SourceDecoder;
import dev.pyassist.text.LineMap;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The names layer over every {@code .py} file under a folder, printed like {@code bench/pyflakes_ref.py} prints
 * pyflakes' findings (one JSON object a line: file, pyflakes kind, pyflakes' line, first message argument), for
 * {@code bench/names_parity.py} to compare. Files that do not parse are listed with kind {@code SyntaxError}.
 *
 * <p>Usage: {@code NamesParityDump ROOT [--pyflakes-compat]}; with the flag, a package's {@code __init__.py} is
 * analysed like any module (pyflakes reports its unused imports; pyassist by default treats them as re-exports).
 * The last line on stderr gives the time spent parsing and analysing.
 */
public final class NamesParityDump {
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        boolean compat = List.of(args).contains("--pyflakes-compat");
        Path astDir = null;
        for (int i = 1; i + 1 < args.length; i++) {
            if (args[i].equals("--ast-json")) {
                astDir = Path.of(args[i + 1]);
            }
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".py") && Files.isRegularFile(p))
                    .filter(p -> {
                        String s = root.relativize(p).toString();
                        return !s.contains("site-packages") && !s.contains("dist-packages")
                                && !s.contains("__pycache__");
                    })
                    .sorted().toList();
        }
        long parseNanos = 0;
        long namesNanos = 0;
        var out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        for (Path file : files) {
            String rel = root.relativize(file).toString();
            if (astDir != null) {
                Path json = astDir.resolve(rel + ".json");
                if (!Files.exists(json)) {
                    out.write(json(rel, "SyntaxError", 0, "no CPython AST"));
                    continue;
                }
                String text = Files.readString(astDir.resolve(rel + ".txt"));
                var module = PyAstJson.read(json);
                var comments = PyAstJson.comments(astDir.resolve(rel + ".comments.json"));
                long t0 = System.nanoTime();
                List<NameIssue> issues = ScopeAnalyzer.analyze(text, module,
                        file.getFileName().toString().equals("__init__.py"), !compat, comments);
                namesNanos += System.nanoTime() - t0;
                LineMap lines = new LineMap(text);
                for (NameIssue i : issues) {
                    out.write(json(rel, i.kind().pyflakesName(), lines.lineOf(i.refOffset()) + 1, i.arg()));
                }
                continue;
            }
            DecodedSource source = SourceDecoder.decode(Files.readAllBytes(file));
            if (source.error().isPresent()) {
                out.write(json(rel, "SyntaxError", 0, source.error().get().message()));
                continue;
            }
            String text = source.text();
            long t0 = System.nanoTime();
            ParseResult parse;
            try {
                parse = PythonParser.parse(text);
            } catch (RuntimeException | StackOverflowError e) {
                out.write(json(rel, "ParserCrash", 0, e.toString()));
                continue;
            }
            long t1 = System.nanoTime();
            parseNanos += t1 - t0;
            if (!parse.ok()) {
                out.write(json(rel, "SyntaxError", 0, parse.errors().get(0).message()));
                continue;
            }
            boolean init = file.getFileName().toString().equals("__init__.py");
            List<NameIssue> issues = ScopeAnalyzer.analyze(text, parse.module(), init, !compat, parse.comments());
            namesNanos += System.nanoTime() - t1;
            LineMap lines = new LineMap(text);
            for (NameIssue i : issues) {
                out.write(json(rel, i.kind().pyflakesName(), lines.lineOf(i.refOffset()) + 1, i.arg()));
            }
        }
        out.flush();
        System.err.printf("%d files: parse %.0f ms, names %.0f ms%n", files.size(), parseNanos / 1e6,
                namesNanos / 1e6);
    }

    private static String json(String file, String kind, int line, String name) {
        return "{\"file\": " + quote(file) + ", \"kind\": " + quote(kind) + ", \"line\": " + line + ", \"name\": "
                + quote(name) + "}\n";
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
