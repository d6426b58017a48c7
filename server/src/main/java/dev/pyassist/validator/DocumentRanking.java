package dev.pyassist.validator;

import dev.pyassist.diagnostics.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Document-level ranking (validator.json {@code "document_ranking"}): each source of findings (the sequence
 * model, {@code "model"}, and each per-site detector, {@code "swap"}, {@code "op"}, {@code "misuse"}) shows at
 * most its {@code top_k} highest-scored findings per document; a source without a cap shows all of them.
 *
 * <p>Why: the detectors' false alarms cluster by file (a generated table of comparisons, a module of look-alike
 * calls), while a real bug is usually the one site of its file that stands out. Capping each detector to its
 * top finding per file lets its threshold sit much lower for the same false alarms per 1,000 lines
 * (models/validator/MODEL_CARD.md, "Document-level ranking"). The thresholds in validator.json were chosen under
 * the same cap ({@code models/pyvalidator/allocate.py --cap-per-file}).
 *
 * <p>It runs on the findings of every unit of the document, as the engine has them from its per-unit cache, so
 * an edit re-scores only the units it touched and the ranking is recomputed from cached unit findings (a few
 * comparisons per finding).
 */
public record DocumentRanking(Map<String, Integer> topK) {
    /** No caps: every finding over its threshold is shown (artifacts without {@code document_ranking}). */
    public static final DocumentRanking NONE = new DocumentRanking(Map.of());

    /** The source a sequence-model or token-model finding counts under. */
    public static final String MODEL = "model";

    public DocumentRanking {
        topK = Map.copyOf(topK);
    }

    /** Whether any source is capped. */
    public boolean active() {
        return !topK.isEmpty();
    }

    /** The source of a validator finding: its per-site detector ({@code data.detector = "sites.op"}) or the model. */
    static String source(Finding f) {
        Object d = f.data().get("detector");
        if (d instanceof String s) {
            return s.startsWith("sites.") ? s.substring("sites.".length()) : s;
        }
        return MODEL;
    }

    /**
     * What a finding is ranked by within its source: the detector's log-odds when it has them (probabilities of
     * confident sites round alike), else its confidence.
     */
    static double score(Finding f) {
        Object l = f.data().get("logit");
        if (l instanceof Number n) {
            return n.doubleValue();
        }
        return ValidatorEngine.confidence(f);
    }

    /** The findings each source may show, in {@link Finding#ORDER}. */
    public List<Finding> apply(List<Finding> findings) {
        if (!active() || findings.isEmpty()) {
            return findings;
        }
        Map<String, List<Finding>> bySource = new LinkedHashMap<>();
        for (Finding f : findings) {
            bySource.computeIfAbsent(source(f), k -> new ArrayList<>()).add(f);
        }
        // highest score first; equal scores in document order, so the choice does not depend on arrival order
        Comparator<Finding> rank = Comparator.comparingDouble(DocumentRanking::score).reversed().thenComparing(Finding.ORDER);
        List<Finding> out = new ArrayList<>(findings.size());
        for (Map.Entry<String, List<Finding>> e : bySource.entrySet()) {
            Integer k = topK.get(e.getKey());
            List<Finding> fs = e.getValue();
            if (k == null || fs.size() <= k) {
                out.addAll(fs);
                continue;
            }
            fs.sort(rank);
            out.addAll(fs.subList(0, Math.max(0, k)));
        }
        out.sort(Finding.ORDER);
        return out;
    }
}
