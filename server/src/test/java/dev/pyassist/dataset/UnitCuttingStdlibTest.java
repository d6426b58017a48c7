package dev.pyassist.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pyassist.python.ParseResult;
import dev.pyassist.python.PythonParser;
import dev.pyassist.text.LineMap;
import dev.pyassist.validator.Units;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The proof that cutting units with one mechanism ({@code python/Definitions}) and lexing with one lexer
 * ({@code python/Tokenizer}) changed nothing that is kept elsewhere: over the top-level modules of the local
 * Python's standard library, the validator's units ({@code models/pyvalidator/filemetric.py} mirrors them) and
 * every dataset record are those of the three cutters and two lexers before, and the near-duplicate key, whose
 * text changed (the Tokenizer keeps {@code ==} whole where the old lexer gave {@code = =}), still groups the same
 * records. {@code units/stdlib-golden.tsv} holds digests made by the old code, with each file's own digest: a
 * file whose text differs here (another Python) is left out, and the test is skipped when no stdlib is found.
 * {@code -Dpyassist.writeGolden=FILE} writes the digests of the code as it is.
 */
class UnitCuttingStdlibTest {

    @Test
    void validatorUnitsAndDatasetRecordsMatchTheOldCuttersOverTheStdlib() throws Exception {
        Path stdlib = stdlib();
        assumeTrue(stdlib != null, "no python3 on PATH");
        Map<String, String[]> golden = golden();
        List<Path> files;
        try (Stream<Path> s = Files.list(stdlib)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".py")).sorted().toList();
        }
        String write = System.getProperty("pyassist.writeGolden");
        StringBuilder out = new StringBuilder();
        List<DatasetRecord> all = new ArrayList<>();
        int compared = 0;
        boolean every = true;
        for (Path file : files) {
            String name = file.getFileName().toString();
            String text = Files.readString(file, StandardCharsets.UTF_8);
            ParseResult parsed = PythonParser.parse(text);
            if (!parsed.ok()) {
                continue;
            }
            String fileDigest = digest(text);
            List<String> units = new ArrayList<>();
            for (Units.Unit u : Units.extract(parsed.module(), new LineMap(text))) {
                units.add(u.name() + ":" + u.firstLine() + "-" + u.lastLine());
            }
            List<DatasetRecord> records = UnitExtractor.extract(name, text, parsed.module());
            List<String> recs = new ArrayList<>();
            records.forEach(r -> recs.add(r.toString()));
            String[] row = {fileDigest, digest(String.join("\n", units)), digest(String.join("\n", recs))};
            out.append(name).append('\t').append(String.join("\t", row)).append('\n');
            all.addAll(records);
            String[] old = golden.get(name);
            if (old == null || !old[0].equals(fileDigest)) {
                every = false;
                continue;
            }
            compared++;
            assertEquals(old[1], row[1], name + ": the validator's units changed");
            assertEquals(old[2], row[2], name + ": the dataset records changed");
        }
        String near = nearGroups(all);
        out.append("near-groups\t").append(near).append('\n');
        if (write != null) {
            Files.writeString(Path.of(write), out.toString());
        }
        assumeTrue(compared > 0, "no stdlib file here is one the golden digests were made from");
        if (every && golden.containsKey("near-groups") && compared == golden.size() - 1) {
            assertEquals(golden.get("near-groups")[0], near, "the near-duplicate key groups other records");
        }
    }

    /** The records' grouping by near key (which records are near duplicates of which), not the keys' text. */
    private static String nearGroups(List<DatasetRecord> records) {
        Map<String, TreeSet<String>> groups = new HashMap<>();
        for (DatasetRecord r : records) {
            String key = Fingerprints.near(r, BuildOptions.defaults().nearMinTokens());
            if (key != null) {
                groups.computeIfAbsent(key, k -> new TreeSet<>()).add(r.path() + ":" + r.qualname() + ":" + r.id());
            }
        }
        TreeSet<String> sorted = new TreeSet<>();
        groups.values().forEach(g -> sorted.add(String.join(",", g)));
        return digest(String.join("\n", sorted));
    }

    private static Map<String, String[]> golden() throws IOException {
        Map<String, String[]> out = new LinkedHashMap<>();
        try (InputStream in = UnitCuttingStdlibTest.class.getResourceAsStream("/units/stdlib-golden.tsv")) {
            if (in == null) {
                return out;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] parts = line.split("\t");
                if (parts.length >= 2) {
                    out.put(parts[0], java.util.Arrays.copyOfRange(parts, 1, parts.length));
                }
            }
        }
        return out;
    }

    private static Path stdlib() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])")
                    .redirectErrorStream(true).start();
            String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            Path dir = Path.of(line);
            return Files.isDirectory(dir) ? dir : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String digest(String s) {
        return UnitExtractor.sha256(s).substring(0, 16);
    }
}
