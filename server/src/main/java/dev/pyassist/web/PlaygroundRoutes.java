package dev.pyassist.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.pyassist.assist.AssistResult;
import dev.pyassist.assist.Job;
import dev.pyassist.assist.Language;
import dev.pyassist.assist.Target;
import dev.pyassist.config.Settings;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.ParsedText;
import dev.pyassist.llm.LlmException;
import dev.pyassist.python.SourceUnit;
import dev.pyassist.python.SourceUnits;
import dev.pyassist.store.Answers;
import dev.pyassist.store.HistoryStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The playground's diagnostics ({@code POST /api/check}: the exact layers and the validator, as the editor gets
 * them, with the editor's quick fixes ({@link PlaygroundFixes}) and a verdict per function) and the task pages
 * ({@code POST /api/task}: summarize, translate, generate on pasted or uploaded code).
 */
final class PlaygroundRoutes implements WebServer.Route {
    /** The playground's text limit (the server's own file limit applies too). */
    static final int MAX_CODE = 512 * 1024;

    private final WebParts parts;
    private final Uploads uploads;

    PlaygroundRoutes(WebParts parts, Uploads uploads) {
        this.parts = parts;
        this.uploads = uploads;
    }

    @Override
    public boolean handle(String method, String path, HttpExchange x) throws IOException {
        if (method.equals("POST") && path.equals("/api/check")) {
            String code = Http.json(x, MAX_CODE + 1024).path("code").asText("");
            Http.json(x, 200, check(code));
            return true;
        }
        if (method.equals("POST") && path.equals("/api/task")) {
            task(x, Http.json(x, MAX_CODE + 1024));
            return true;
        }
        return false;
    }

    Map<String, Object> check(String code) {
        Settings settings = parts.settings().get();
        List<Finding> findings = new ArrayList<>(parts.exact().analyze(code, "playground.py", settings));
        boolean validatorRan = false;
        if (parts.validator() != null && parts.validator().enabled(settings)
                && parts.validatorState().get().equals("ready")) {
            findings.addAll(parts.validator().analyze(ParsedText.parse(code, "playground.py",
                    settings.pythonVersion())));
            validatorRan = true;
        }
        PlaygroundFixes fixes = PlaygroundFixes.of(code, settings);
        List<Map<String, Object>> diagnostics = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("from", f.start());
            d.put("to", Math.max(f.end(), Math.min(code.length(), f.start() + 1)));
            d.put("severity", switch (f.severity()) {
                case ERROR -> "error";
                case WARNING -> "warning";
                default -> "info";
            });
            d.put("message", f.message());
            d.put("code", f.code());
            d.put("layer", f.layer());
            d.put("fixes", fixes.of(f));
            diagnostics.add(d);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("diagnostics", diagnostics);
        out.put("functions", verdicts(code, findings, validatorRan));
        out.put("validator", parts.validatorState().get());
        return out;
    }

    /** Per function: "looks wrong" with the validator's confidence when it flagged something inside, else "looks correct". */
    private List<Map<String, Object>> verdicts(String code, List<Finding> findings, boolean validatorRan) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SourceUnit u : SourceUnits.of(code)) {
            if (u.kind() != SourceUnit.Kind.FUNCTION) {
                continue;
            }
            double confidence = -1;
            for (Finding f : findings) {
                if (f.layer().equals("validator") && u.contains(f.start())
                        && f.data().get("confidence") instanceof Number n) {
                    confidence = Math.max(confidence, n.doubleValue());
                }
            }
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", u.qualifiedName());
            v.put("from", u.start());
            if (!validatorRan) {
                v.put("verdict", "not checked");
                v.put("detail", "the validator is " + parts.validatorState().get());
            } else if (confidence >= 0) {
                v.put("verdict", "looks wrong");
                v.put("confidence", confidence);
                v.put("detail", String.format(Locale.ROOT, "validator confidence %.2f", confidence));
            } else {
                v.put("verdict", "looks correct");
                v.put("detail", "the validator flagged nothing in it");
            }
            out.add(v);
        }
        return out;
    }

    private void task(HttpExchange x, JsonNode req) throws IOException {
        if (!parts.settings().get().assist().enabled()) {
            throw new Http.Failure(409, "The AI actions are turned off (pyassist.assist.enabled).");
        }
        String task = req.path("task").asText("");
        String code = req.path("code").asText("");
        String upload = req.path("upload").asText(null);
        String name = "pasted.py";
        if (upload != null && !upload.isBlank()) {
            Uploads.Upload u = uploads.get(upload).orElseThrow(() -> new Http.Failure(400, "The upload is gone."));
            code = u.text();
            name = u.name();
        }
        if (code.length() > MAX_CODE) {
            throw new Http.Failure(413, "The code is longer than " + MAX_CODE / 1024 + " KiB.");
        }
        Target target = new Target("upload:" + name, null, code, -1, 0, 0);
        Job job = new Job(null, parts.consent());
        AssistResult r;
        try {
            r = switch (task) {
                case "summarize" -> parts.actions().summarize(target, job);
                case "translate" -> parts.actions().translate(target, Language.parse(req.path("language").asText(""))
                        .orElseThrow(() -> new Http.Failure(400, "Translate to java, cpp, javascript or go.")), job);
                case "generate" -> {
                    String request = req.path("request").asText("").strip();
                    yield request.isEmpty() ? parts.actions().generate(target, job)
                            : parts.actions().generate(target, request, job);
                }
                default -> throw new Http.Failure(400, "A task is summarize, translate or generate.");
            };
        } catch (LlmException | dev.pyassist.assist.SendConsent.Refused e) {
            Http.json(x, 200, Map.of("ok", false, "message", e.getMessage()));
            return;
        }
        String id = HistoryStore.newId();
        parts.store().get().save(Answers.of(id, null, "page", task, null, r, job.requests()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("task", r.task());
        out.put("ok", r.ok());
        out.put("message", r.message());
        out.put("text", r.text());
        out.put("contextFiles", r.contextFiles());
        if (r.edit() != null) {
            String edited = code.substring(0, r.edit().start()) + r.edit().newText() + code.substring(r.edit().end());
            out.put("result", edited);
        }
        Http.json(x, 200, out);
    }
}
