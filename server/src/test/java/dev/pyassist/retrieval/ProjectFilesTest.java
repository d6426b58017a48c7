package dev.pyassist.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pyassist.dataset.BuildOptions;
import dev.pyassist.dataset.DatasetBuilder;
import dev.pyassist.dataset.DatasetRecord;
import dev.pyassist.files.SourceFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check}, {@code dataset build} and the workspace index agree on which files are the project. */
class ProjectFilesTest {
    @TempDir
    Path root;

    /** One file per kind of folder, each with a function whose name says where it lives. */
    private static final Map<String, Boolean> FILES = Map.ofEntries(
            Map.entry("app/alpha.py", true),
            Map.entry("app/sub/bravo.py", true),
            Map.entry("app/charlie.pyi", true),
            Map.entry("env/delta.py", true), // a package named env, not a virtualenv
            Map.entry("venvlike/echo.py", false), // holds pyvenv.cfg
            Map.entry("venv/lib/foxtrot.py", false),
            Map.entry(".venv/lib/golf.py", false),
            Map.entry(".git/hotel.py", false),
            Map.entry("node_modules/x/india.py", false),
            Map.entry("lib/site-packages/juliet.py", false),
            Map.entry("app/__pycache__/kilo.py", false),
            Map.entry("build/lib/lima.py", false),
            Map.entry("dist/mike.py", false),
            Map.entry("target/classes/november.py", false),
            Map.entry("app/notes.txt", false));

    @Test
    void checkDatasetAndIndexSeeTheSameFiles() throws Exception {
        for (String rel : FILES.keySet()) {
            Path p = root.resolve(rel);
            Files.createDirectories(p.getParent());
            String word = p.getFileName().toString().replaceAll("\\..*", "");
            Files.writeString(p, "def unit_" + word + "(value):\n    return value + 1\n");
        }
        Files.writeString(root.resolve("venvlike/pyvenv.cfg"), "home = /usr/bin\n");
        Set<String> project = FILES.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));

        // check's walk (the command line names the folder)
        Set<String> check = SourceFinder.find(List.of(root)).stream().map(this::relative)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(project, check);

        var summary = new DatasetBuilder(BuildOptions.defaults(), DatasetBuilder.Progress.NONE).build(root);
        Set<String> dataset = summary.records().stream().map(DatasetRecord::path)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(project, dataset);

        Set<String> indexed = new TreeSet<>();
        try (var index = new WorkspaceIndex(root)) {
            assertEquals(project.size(), index.build(100, null));
            for (String rel : FILES.keySet()) {
                String word = Path.of(rel).getFileName().toString().replaceAll("\\..*", "");
                index.search("unit_" + word, 20).stream()
                        .filter(h -> h.qualifiedName().equals("unit_" + word))
                        .forEach(h -> indexed.add(rel));
            }
        }
        assertEquals(project, indexed);
    }

    private String relative(Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }
}
