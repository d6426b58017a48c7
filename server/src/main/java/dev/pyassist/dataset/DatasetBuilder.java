package dev.pyassist.dataset;

import dev.pyassist.files.SourceFinder;
import dev.pyassist.files.ExternalFiles;
import dev.pyassist.files.RefusedFileException;
import dev.pyassist.python.DecodedSource;
import dev.pyassist.python.ParseResult;
import dev.pyassist.python.PythonParser;
import dev.pyassist.python.SourceDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code pyassist dataset build}: a repository's Python files (found with {@link SourceFinder}'s rules, in path
 * order) parsed with the project's parser, every function, method and class a {@link DatasetRecord}, then the
 * filters, the duplicate removal (the first unit in path and line order is kept) and the split by file.
 */
public final class DatasetBuilder {
    /** Files larger than this are skipped as {@code too-large}: generated code, not training material. */
    public static final long MAX_FILE_BYTES = 5L << 20;

    private final BuildOptions options;
    private final Progress progress;

    public DatasetBuilder(BuildOptions options, Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Builds the records of the repository at {@code repo} (nothing is written). */
    public BuildSummary build(Path repo) {
        Path root = repo.toAbsolutePath().normalize();
        List<Path> files = SourceFinder.find(List.of(root));
        List<BuildSummary.SkippedFile> skipped = new ArrayList<>();
        List<DatasetRecord> units = new ArrayList<>();
        int parsed = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String rel = relative(root, file);
            progress.update(i, files.size(), units.size());
            byte[] bytes;
            try {
                // regular files inside the repository only: a link to /dev/zero or ~/.ssh is not training data
                bytes = ExternalFiles.readBytes(file, root, MAX_FILE_BYTES);
            } catch (RefusedFileException e) {
                boolean large = e.reason() == RefusedFileException.Reason.TOO_LARGE;
                skipped.add(new BuildSummary.SkippedFile(rel, large ? "too-large" : "unreadable",
                        large ? "larger than " + (MAX_FILE_BYTES >> 20) + " MiB" : e.getMessage()));
                continue;
            }
            DecodedSource source = SourceDecoder.decode(bytes);
            if (source.error().isPresent()) {
                skipped.add(new BuildSummary.SkippedFile(rel, "undecodable", source.error().get().message()));
                continue;
            }
            ParseResult result = PythonParser.parse(source.text());
            if (!result.ok()) {
                var e = result.errors().get(0);
                skipped.add(new BuildSummary.SkippedFile(rel, "syntax-error", "line "
                        + (new dev.pyassist.text.LineMap(source.text()).lineOf(e.start()) + 1) + ": " + e.message()));
                continue;
            }
            parsed++;
            String split = options.splits().of(rel);
            for (DatasetRecord r : UnitExtractor.extract(rel, source.text(), result.module())) {
                units.add(r.withSplit(split));
            }
        }
        progress.done(files.size(), units.size());
        Map<String, Integer> filtered = new TreeMap<>();
        List<DatasetRecord> kept = new ArrayList<>();
        for (DatasetRecord r : units) {
            String reason = filterReason(r);
            if (reason != null) {
                filtered.merge(reason, 1, Integer::sum);
            } else {
                kept.add(r);
            }
        }
        Set<String> exactSeen = new HashSet<>();
        Set<String> nearSeen = new HashSet<>();
        int exact = 0;
        int near = 0;
        List<DatasetRecord> records = new ArrayList<>();
        for (DatasetRecord r : kept) {
            if (options.dedupExact() && !exactSeen.add(Fingerprints.exact(r))) {
                exact++;
            } else if (options.dedupNear() && isNearDuplicate(r, nearSeen)) {
                near++;
            } else {
                records.add(r);
            }
        }
        return new BuildSummary(files.size(), parsed, skipped, units.size(), filtered, exact, near, records);
    }

    private boolean isNearDuplicate(DatasetRecord r, Set<String> seen) {
        String key = Fingerprints.near(r, options.nearMinTokens());
        return key != null && !seen.add(key);
    }

    private String filterReason(DatasetRecord r) {
        switch (options.docstring()) {
            case required:
                if (r.docstring() == null) {
                    return "no-docstring";
                }
                break;
            case absent:
                if (r.docstring() != null) {
                    return "has-docstring";
                }
                break;
            default:
                break;
        }
        if (r.lines() < options.minLines()) {
            return "too-short";
        }
        if (options.maxLines() > 0 && r.lines() > options.maxLines()
                || options.maxChars() > 0 && r.code().length() > options.maxChars()) {
            return "too-long";
        }
        return null;
    }

    static String relative(Path root, Path file) {
        Path rel = root.relativize(file.toAbsolutePath().normalize());
        return rel.toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /** Progress of a long build; the CLI prints it, throttled, on stderr. */
    public interface Progress {
        Progress NONE = new Progress() {
            @Override
            public void update(int filesDone, int filesTotal, int units) {
            }

            @Override
            public void done(int filesTotal, int units) {
            }
        };

        void update(int filesDone, int filesTotal, int units);

        void done(int filesTotal, int units);
    }
}
