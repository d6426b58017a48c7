package dev.pyassist.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code pyassist dataset pairs}: dataset records (annotated or not) as training pairs, in the shapes the LoRA
 * trainer ({@code models/pyassist_lm}) reads:
 * <ul>
 *   <li>{@code summarize}: {@code {"id", "input": code, "output": docstring, else annotation}};</li>
 *   <li>{@code generate}: {@code {"id", "input": decorators + signature + docstring statement, "output": body}}
 *       for functions and methods, so {@code input + output} is the function again;</li>
 *   <li>{@code instruction}: {@code {"id", "instruction", "input": code, "output": annotation, else docstring}}
 *       (Alpaca style); a record's own {@code instruction} wins (what {@code pyassist feedback export}
 *       writes).</li>
 * </ul>
 * A record without what its task needs is skipped and counted by reason.
 */
public final class Pairs {
    public enum Task { summarize, generate, instruction }

    /** Pairs and the records skipped, by reason. */
    public record Result(List<Map<String, Object>> pairs, Map<String, Integer> skipped) {}

    private Pairs() {}

    /** @param split only records of this split, or null for all */
    public static Result of(List<JsonNode> records, Task task, String split) {
        List<Map<String, Object>> pairs = new ArrayList<>();
        Map<String, Integer> skipped = new TreeMap<>();
        for (JsonNode r : records) {
            if (split != null && !split.equals(r.path("split").asText())) {
                skipped.merge("other-split", 1, Integer::sum);
                continue;
            }
            String docstring = text(r, "docstring");
            String annotation = text(r, "annotation");
            String code = text(r, "code");
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", r.path("id").asText());
            switch (task) {
                case summarize -> {
                    String target = docstring != null ? docstring : annotation;
                    if (code == null || target == null) {
                        skipped.merge("no-docstring-or-annotation", 1, Integer::sum);
                        continue;
                    }
                    p.put("input", code);
                    p.put("output", target);
                }
                case generate -> {
                    if (!"function".equals(text(r, "kind")) && !"method".equals(text(r, "kind"))) {
                        skipped.merge("not-a-function", 1, Integer::sum);
                        continue;
                    }
                    String signature = text(r, "signature");
                    String body = body(code, signature);
                    if (docstring == null) {
                        skipped.merge("no-docstring", 1, Integer::sum);
                        continue;
                    }
                    if (body == null || body.isBlank()) {
                        skipped.merge("no-body", 1, Integer::sum);
                        continue;
                    }
                    p.put("input", header(r, signature, docstring, indentOf(body)));
                    p.put("output", body);
                }
                case instruction -> {
                    String target = annotation != null ? annotation : docstring;
                    if (code == null || target == null) {
                        skipped.merge("no-docstring-or-annotation", 1, Integer::sum);
                        continue;
                    }
                    // a record that names its own instruction keeps it (the feedback export's prompts)
                    String own = text(r, "instruction");
                    p.put("instruction", own != null ? own : "Explain what the Python " + text(r, "kind") + " `"
                            + text(r, "qualname") + "` does and how it is used.");
                    p.put("input", code);
                    p.put("output", target);
                }
                default -> throw new AssertionError(task);
            }
            pairs.add(p);
        }
        return new Result(pairs, skipped);
    }

    /** The code after its header (the body lines, indented as in the code), or null when the code does not start so. */
    static String body(String code, String signature) {
        if (code == null || signature == null || !code.startsWith(signature)) {
            return null;
        }
        String rest = code.substring(signature.length());
        if (rest.startsWith("\n")) {
            return rest.substring(1);
        }
        // a one-line body after the colon: `def f(x): return x`
        return rest.isBlank() ? null : "    " + rest.strip();
    }

    private static String header(JsonNode r, String signature, String docstring, String indent) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode d : r.path("decorators")) {
            sb.append('@').append(d.asText()).append('\n');
        }
        sb.append(signature).append('\n');
        String doc = docstring.replace("\\", "\\\\").replace("\"\"\"", "\\\"\\\"\\\"");
        String[] lines = doc.split("\n", -1);
        sb.append(indent).append("\"\"\"").append(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            sb.append('\n');
            if (!lines[i].isBlank()) { // whitespace-only lines carry nothing: left empty
                sb.append(indent).append(lines[i]);
            }
        }
        if (lines.length > 1) {
            sb.append('\n').append(indent);
        }
        sb.append("\"\"\"\n");
        return sb.toString();
    }

    private static String indentOf(String body) {
        for (String line : body.split("\n")) {
            if (!line.isBlank() && !line.stripLeading().startsWith("#")) { // comments may sit at any column
                int i = 0;
                while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                    i++;
                }
                return line.substring(0, i);
            }
        }
        return "    ";
    }

    private static String text(JsonNode r, String field) {
        JsonNode v = r.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
