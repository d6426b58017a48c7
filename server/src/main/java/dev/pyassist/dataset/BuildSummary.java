package dev.pyassist.dataset;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a build saw and wrote.
 *
 * @param filesSeen      Python files found
 * @param filesParsed    files that decoded and parsed
 * @param skipped        files not used, each with its reason category and message
 * @param unitsFound     units in the parsed files, before filters
 * @param filtered       units dropped by a filter, by reason ({@code too-short}, {@code too-long}, ...)
 * @param exactDuplicates units dropped as exact duplicates
 * @param nearDuplicates units dropped as near duplicates
 * @param records        records written, the list itself
 */
public record BuildSummary(int filesSeen, int filesParsed, List<SkippedFile> skipped, int unitsFound,
        Map<String, Integer> filtered, int exactDuplicates, int nearDuplicates, List<DatasetRecord> records) {

    /** A file left out: {@code reason} is {@code syntax-error}, {@code undecodable}, {@code unreadable} or {@code too-large}. */
    public record SkippedFile(String path, String reason, String message) {}

    public Map<String, Integer> skippedByReason() {
        Map<String, Integer> m = new TreeMap<>();
        skipped.forEach(s -> m.merge(s.reason(), 1, Integer::sum));
        return m;
    }

    public Map<String, Integer> recordsByKind() {
        Map<String, Integer> m = new TreeMap<>();
        records.forEach(r -> m.merge(r.kind(), 1, Integer::sum));
        return m;
    }

    public Map<String, Integer> recordsBySplit() {
        Map<String, Integer> m = new TreeMap<>();
        records.forEach(r -> m.merge(r.split(), 1, Integer::sum));
        return m;
    }

    /** The summary printed at the end of {@code pyassist dataset build}. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "files: %d seen, %d parsed, %d skipped%s%n", filesSeen, filesParsed,
                skipped.size(), skipped.isEmpty() ? "" : " " + skippedByReason()));
        int shown = 0;
        for (SkippedFile s : skipped) {
            if (shown++ == 20) {
                sb.append("  ... and ").append(skipped.size() - 20).append(" more\n");
                break;
            }
            sb.append("  skipped ").append(s.path()).append(": ").append(s.message()).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "units: %d found, %d filtered out%s, %d exact duplicates, "
                + "%d near duplicates removed%n", unitsFound, filtered.values().stream().mapToInt(Integer::intValue).sum(),
                filtered.isEmpty() ? "" : " " + filtered, exactDuplicates, nearDuplicates));
        sb.append(String.format(Locale.ROOT, "records: %d written; by kind %s; by split %s%n", records.size(),
                recordsByKind(), recordsBySplit()));
        if (!records.isEmpty()) {
            int[] lines = records.stream().mapToInt(DatasetRecord::lines).sorted().toArray();
            int[] chars = records.stream().mapToInt(r -> r.code().length()).sorted().toArray();
            long docs = records.stream().filter(r -> r.docstring() != null).count();
            sb.append(String.format(Locale.ROOT, "sizes: lines median %d, p95 %d, max %d; chars median %d, p95 %d, "
                    + "max %d; %d with a docstring (%.0f%%)%n", lines[lines.length / 2],
                    lines[(int) Math.min(lines.length - 1, Math.floor(lines.length * 0.95))], lines[lines.length - 1],
                    chars[chars.length / 2], chars[(int) Math.min(chars.length - 1, Math.floor(chars.length * 0.95))],
                    chars[chars.length - 1], docs, 100.0 * docs / records.size()));
        }
        return sb.toString();
    }
}
