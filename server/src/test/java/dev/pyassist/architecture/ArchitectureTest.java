package dev.pyassist.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The code map of ARCHITECTURE.md, enforced over the compiled classes: which pyassist packages each package's
 * classes refer to (read from their constant pools, so a fully qualified name counts as much as an import).
 */
class ArchitectureTest {
    private static final Pattern OURS = Pattern.compile("dev/pyassist/[\\w/$]+");
    /** Package (without {@code dev.pyassist.}) to the pyassist packages it refers to. */
    private static final Map<String, Set<String>> USES = new TreeMap<>();

    /** What each package may use, as the code map says. "(root)" is {@code dev.pyassist} itself. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("(root)", Set.of()),
            Map.entry("text", Set.of()),
            Map.entry("platform", Set.of()),
            Map.entry("python.ast", Set.of()),
            Map.entry("python", Set.of("python.ast")),
            Map.entry("outline", Set.of("python.ast")),
            Map.entry("files", Set.of("(root)")),
            Map.entry("config", Set.of("(root)", "files", "python")),
            Map.entry("diagnostics", Set.of("config", "python")),
            Map.entry("names", Set.of("config", "diagnostics", "python", "python.ast", "text")),
            Map.entry("flow", Set.of("config", "diagnostics", "names", "python", "python.ast", "text")),
            Map.entry("analysis", Set.of("diagnostics", "flow", "names")),
            Map.entry("validator", Set.of("(root)", "config", "diagnostics", "files", "platform", "python",
                    "python.ast", "text")),
            // known debt: llm <-> llm.local, llm.remote (the registry names its backends)
            Map.entry("llm", Set.of("(root)", "config", "llm.local", "llm.remote")),
            Map.entry("llm.local", Set.of("(root)", "config", "llm")),
            Map.entry("llm.remote", Set.of("(root)", "config", "llm")),
            Map.entry("assist", Set.of("(root)", "config", "llm", "python", "python.ast", "text")),
            // the index answers assist's ContextSource
            Map.entry("retrieval", Set.of("assist", "files", "python")),
            Map.entry("store", Set.of("(root)", "assist", "llm")),
            // inline completion: the index through assist's ContextSource, the names layer for its optional gate
            Map.entry("complete", Set.of("assist", "config", "llm", "names", "python", "python.ast", "text")),
            Map.entry("dataset", Set.of("(root)", "config", "files", "llm", "python", "python.ast", "text")),
            Map.entry("lsp", Set.of("(root)", "analysis", "assist", "complete", "config", "diagnostics", "files",
                    "llm", "llm.local", "lsp.assist", "lsp.complete", "lsp.flow", "lsp.names", "lsp.symbols", "lsp.validator", "platform", "python", "retrieval",
                    "text", "validator")),
            Map.entry("lsp.assist", Set.of("(root)", "lsp", "assist", "config", "files", "llm", "llm.local",
                    "python", "retrieval", "store", "text", "web", "diagnostics")),
            Map.entry("lsp.complete", Set.of("lsp", "complete", "config", "diagnostics", "llm", "python", "text")),
            // the rooms take the document's shared parse (diagnostics.ParsedText) from the core
            Map.entry("lsp.names", Set.of("lsp", "config", "diagnostics", "names", "python", "text")),
            Map.entry("lsp.flow", Set.of("lsp", "config", "diagnostics", "flow", "names", "python", "text")),
            Map.entry("lsp.symbols", Set.of("lsp", "config", "diagnostics", "outline", "python", "python.ast",
                    "text")),
            Map.entry("lsp.validator", Set.of("lsp", "config", "diagnostics", "text", "validator")),
            Map.entry("web", Set.of("assist", "config", "diagnostics", "files", "flow", "llm", "names", "python", "store")),
            Map.entry("cli", Set.of("(root)", "analysis", "assist", "config", "dataset", "diagnostics", "files",
                    "llm", "llm.local", "lsp", "platform", "python", "retrieval", "store", "text", "validator",
                    "web")));

    /** Cycles that exist today and are listed as debts; any other cycle fails. */
    private static final Set<Set<String>> KNOWN_CYCLES = Set.of(Set.of("llm", "llm.local"),
            Set.of("llm", "llm.remote"));

    @BeforeAll
    static void readClasses() throws IOException {
        Path root = Path.of("target", "classes", "dev", "pyassist");
        assertTrue(Files.isDirectory(root), "compiled classes at " + root.toAbsolutePath());
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String from = packageOf(root.getParent().getParent().relativize(f).toString().replace('\\', '/'));
                for (String ref : references(f)) {
                    String to = packageOf(ref);
                    if (!to.equals(from)) {
                        USES.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                    }
                }
                USES.computeIfAbsent(from, k -> new TreeSet<>());
            }
        }
    }

    @Test
    void featuresNeverUseTheProtocolLayerOrTheCommandLine() {
        List<String> wrong = new ArrayList<>();
        USES.forEach((from, to) -> {
            boolean root = from.equals("lsp") || from.startsWith("lsp.") || from.equals("cli");
            for (String t : to) {
                if (!root && (t.equals("lsp") || t.startsWith("lsp.") || t.equals("cli"))) {
                    wrong.add(from + " -> " + t);
                }
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void featureRoomsInLspDoNotUseEachOther() {
        List<String> wrong = new ArrayList<>();
        USES.forEach((from, to) -> {
            if (from.startsWith("lsp.")) {
                to.stream().filter(t -> t.startsWith("lsp.")).forEach(t -> wrong.add(from + " -> " + t));
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyPackageUsesOnlyWhatTheCodeMapAllows() {
        List<String> wrong = new ArrayList<>();
        USES.forEach((from, to) -> {
            Set<String> allowed = ALLOWED.get(from);
            if (allowed == null) {
                wrong.add(from + " is not in the code map");
                return;
            }
            to.stream().filter(t -> !allowed.contains(t)).forEach(t -> wrong.add(from + " -> " + t));
        });
        assertEquals(List.of(), wrong, "update ARCHITECTURE.md's code map (and ALLOWED) when a new arrow is meant");
    }

    @Test
    void noCyclesBetweenPackagesBeyondTheListedDebts() {
        List<String> cycles = new ArrayList<>();
        for (String a : USES.keySet()) {
            for (String b : USES.get(a)) {
                if (a.compareTo(b) < 0 && reaches(b, a, new TreeSet<>()) && !knownCycle(a, b)) {
                    cycles.add(a + " <-> " + b);
                }
            }
        }
        assertEquals(List.of(), cycles);
    }

    /**
     * A listed debt, or the protocol core and one of its feature rooms: the core wires the rooms (LspModule, the two
     * services delegate to them) and the rooms use the core's session, documents and progress.
     */
    private static boolean knownCycle(String a, String b) {
        boolean coreAndRoom = a.equals("lsp") && b.startsWith("lsp.") || b.equals("lsp") && a.startsWith("lsp.");
        return coreAndRoom || KNOWN_CYCLES.stream().anyMatch(c -> c.contains(a) && c.contains(b));
    }

    private static boolean reaches(String from, String target, Set<String> seen) {
        if (from.equals(target)) {
            return true;
        }
        if (!seen.add(from)) {
            return false;
        }
        for (String next : USES.getOrDefault(from, Set.of())) {
            if (!knownCycle(from, next) && reaches(next, target, seen)) {
                return true;
            }
        }
        return false;
    }

    private static String packageOf(String internalName) {
        String path = internalName.endsWith(".class") ? internalName.substring(0, internalName.length() - 6)
                : internalName;
        String pkg = path.substring(0, path.lastIndexOf('/')).replace('/', '.');
        return pkg.equals("dev.pyassist") ? "(root)" : pkg.substring("dev.pyassist.".length());
    }

    /** The pyassist classes a class file names anywhere in its constant pool (classes, descriptors, signatures). */
    private static Set<String> references(Path classFile) throws IOException {
        Set<String> out = new TreeSet<>();
        try (InputStream raw = Files.newInputStream(classFile); var in = new DataInputStream(raw)) {
            in.readInt();
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> {
                        Matcher m = OURS.matcher(in.readUTF());
                        while (m.find()) {
                            out.add(m.group());
                        }
                    }
                    case 3, 4 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default -> throw new IOException(classFile + ": unknown constant pool tag " + tag);
                }
            }
        }
        return out;
    }
}
