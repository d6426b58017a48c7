package dev.pyassist.validator;

import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * <p>With {@code "relative": {"how": "gap", "alpha": A, "sources": [...]}} a detector's top site of the document
 * is judged by how far it stands out: {@code s1 + A * (s1 - s2)}, s1 its log-odds and s2 the document's next highest
 * site of that detector, or {@code s1 - 1} when it has no other site; its thresholds in validator.json are on that
 * scale. Such a detector's units give their top site as a candidate whatever its score (and their second-highest
 * score), so this needs {@code top_k} 1.
 *
 * <p>It runs on the findings of every unit of the document, as the engine has them from its per-unit cache, so
 * an edit re-scores only the units it touched and the ranking is recomputed from cached unit findings (a few
 * comparisons per finding).
 *
 * @param topK the most findings per document of each capped source
 * @param alpha the weight of the margin over the document's next site ({@code relative.alpha})
 * @param relative the detectors ranked by that margin ({@code relative.sources}); empty for none
 */
public record DocumentRanking(Map<String, Integer> topK, double alpha, Set<String> relative) {
    /** No caps: every finding over its threshold is shown (artifacts without {@code document_ranking}). */
    public static final DocumentRanking NONE = new DocumentRanking(Map.of());

    /** The source a sequence-model or token-model finding counts under. */
    public static final String MODEL = "model";
    /**
     * The least log-odds of its own a relatively-ranked site needs: in a small file the top site's margin over the
     * few others is large whatever its score, so without this floor a site the detector itself finds more likely
     * right than wrong could stand out into a Warning.
     */
    static final double MIN_OWN_LOG_ODDS = 0.0;
    /** Marks a relatively-ranked detector's unit candidate, whose severity this ranking decides. */
    public static final String CANDIDATE = "candidate";
    /** A candidate's unit's second-highest site score of its detector (absent when the unit has one site). */
    public static final String SECOND = "second";

    public DocumentRanking {
        topK = Map.copyOf(topK);
        relative = Set.copyOf(relative);
        for (String r : relative) {
            if (!Integer.valueOf(1).equals(topK.get(r))) {
                throw new IllegalArgumentException("a relatively-ranked source needs top_k 1: " + r);
            }
        }
    }

    public DocumentRanking(Map<String, Integer> topK) {
        this(topK, 0, Set.of());
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

    /** The findings each source may show, in {@link Finding#ORDER} (no relatively-ranked source). */
    public List<Finding> apply(List<Finding> findings) {
        return apply(findings, ValidatorOptions.DEFAULT, Map.of());
    }

    /**
     * The findings each source may show, in {@link Finding#ORDER}; a relatively-ranked detector's candidates are
     * judged against {@code thresholds} ({warning, information} per detector, moved by the options' sensitivity).
     */
    public List<Finding> apply(List<Finding> findings, ValidatorOptions options, Map<String, double[]> thresholds) {
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
            if (relative.contains(e.getKey())) {
                Finding f = standsOut(fs, options, thresholds.get(e.getKey()));
                if (f != null) {
                    out.add(f);
                }
                continue;
            }
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

    /**
     * The document's top candidate of one detector, with its severity from its margin over the next site, or
     * null when that margin is under the Information threshold.
     */
    private Finding standsOut(List<Finding> candidates, ValidatorOptions o, double[] th) {
        if (th == null) {
            return null;
        }
        Finding top = null;
        for (Finding f : candidates) {
            if (top == null || score(f) > score(top) || (score(f) == score(top) && Finding.ORDER.compare(f, top) < 0)) {
                top = f;
            }
        }
        double s1 = score(top);
        if (s1 < MIN_OWN_LOG_ODDS) {
            return null;
        }
        double s2 = Double.NEGATIVE_INFINITY;
        for (Finding f : candidates) {
            if (f != top) {
                s2 = Math.max(s2, score(f));
            }
        }
        if (top.data().get(SECOND) instanceof Number n) {
            s2 = Math.max(s2, n.doubleValue());
        }
        if (s2 == Double.NEGATIVE_INFINITY) {
            s2 = s1 - 1.0; // alone in its document: a margin of 1 (as pyvalidator.docrank.transform)
        }
        double v = s1 + alpha * (s1 - s2);
        // The margin score is about (1 + alpha) times a log-odds, so the user's sensitivity moves its thresholds on
        // that log-odds (th / scale) and scales back: at the default sensitivity they are validator.json's own.
        double scale = 1 + alpha;
        double warn = scale * SiteDetectors.adjust(o, th[0] / scale);
        double info = Math.min(warn, scale * SiteDetectors.adjust(o, th[1] / scale));
        if (v < info) {
            return null;
        }
        Severity severity = v >= warn ? o.severity() : ValidatorEngine.mildest(o.severity(), Severity.INFORMATION);
        Map<String, Object> data = new LinkedHashMap<>(top.data());
        data.remove(CANDIDATE);
        data.remove(SECOND);
        data.put("rankScore", ValidatorEngine.round(v)); // the margin score its thresholds are on
        data.put("rankThreshold", ValidatorEngine.round(warn));
        data.put("threshold", ValidatorEngine.round(SiteDetectors.probability(warn / scale)));
        return new Finding(top.code(), severity, top.message(), top.start(), top.end(), data);
    }
}
