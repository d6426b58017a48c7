package dev.pyassist.validator;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.Severity;
import dev.pyassist.python.ParseResult;
import dev.pyassist.python.PythonParser;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The artifact's optional {@code sites} component (validator.json {@code "sites"}, made by
 * {@code models/pyvalidator/sites_export.py}): three small ONNX detectors over {@link SiteFeatures} of a unit:
 * swapped arguments, a wrong operator (with the operator meant) and a misused variable (with the name meant).
 * Each has its own Warning and Information thresholds, chosen with the main model's by false findings per
 * 1,000 clean lines. A finding sits on the suspicious token and says what was expected; its repair is the fix.
 *
 * <p>Design {@code sites-2}: the detectors output log-odds and the thresholds are log-odds. A confident net's
 * probabilities round to 1.0 in float32 for many sites at once, and thresholds chosen by false alarms could not
 * tell those apart; the confidence shown is sigmoid(log-odds) in double precision. A swap that the flow layer's
 * exact check reports ({@link SiteFeatures.Site#exact}) is left to it: the learned detector adds to it.
 */
public final class SiteDetectors implements AutoCloseable {
    /** Where the detectors are and their thresholds ({warning, information} log-odds per detector). */
    public record Spec(Path swap, Path op, Path misuse, Map<String, double[]> thresholds) {}

    private static final Map<String, String> NEGATE = Map.of("<", ">=", ">=", "<", ">", "<=", "<=", ">", "==", "!=",
            "!=", "==", "is", "is not", "is not", "is", "in", "not in", "not in", "in");
    private static final Map<String, String> BOUNDARY = Map.of("<", "<=", "<=", "<", ">", ">=", ">=", ">");
    private static final int COMPARISONS = 10; // SiteFeatures.OPS[0..10) compare, the rest are arithmetic

    private final OrtEnvironment env;
    private final OrtSession swap;
    private final OrtSession op;
    private final OrtSession misuse;
    private final Spec spec;

    public SiteDetectors(Spec spec, int threads) throws OrtException {
        this.env = OrtEnvironment.getEnvironment();
        this.spec = spec;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Math.max(1, threads));
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtSession a = env.createSession(spec.swap().toString(), options);
            OrtSession b = null;
            try {
                b = env.createSession(spec.op().toString(), options);
                this.misuse = env.createSession(spec.misuse().toString(), options);
            } catch (OrtException | RuntimeException e) {
                a.close();
                if (b != null) {
                    b.close();
                }
                throw e;
            }
            this.swap = a;
            this.op = b;
        }
    }

    /** A site with its detector's log-odds and what it expected there. */
    public record Scored(SiteFeatures.Site site, double score, String expected) {
        /** The probability shown to users: sigmoid of the log-odds, in double precision. */
        public double confidence() {
            return probability(score);
        }
    }

    static double probability(double logit) {
        return 1.0 / (1.0 + Math.exp(-logit));
    }

    static double logit(double p) {
        double q = Math.min(Math.max(p, 1e-300), 1.0 - 1e-16);
        return Math.log(q) - Math.log1p(-q);
    }

    /** The user's sensitivity (ValidatorOptions.adjust, on probabilities) applied to a log-odds threshold. */
    static double adjust(ValidatorOptions o, double logitThreshold) {
        double p = probability(logitThreshold);
        double q = o.adjust(p);
        return q == p ? logitThreshold : logit(q);
    }

    /** Scores the sites of one unit (one ONNX run per detector that has sites). */
    public List<Scored> score(List<SiteFeatures.Site> sites) throws OrtException {
        List<SiteFeatures.Site> sw = new ArrayList<>();
        List<SiteFeatures.Site> ops = new ArrayList<>();
        List<SiteFeatures.Site> mis = new ArrayList<>();
        for (SiteFeatures.Site s : sites) {
            (s.kind().equals("swap") ? sw : s.kind().equals("op") ? ops : mis).add(s);
        }
        List<Scored> out = new ArrayList<>(sites.size());
        if (!sw.isEmpty()) {
            float[] p = runTokens(swap, sw, SiteFeatures.S_SWAP, null);
            for (int i = 0; i < sw.size(); i++) {
                out.add(new Scored(sw.get(i), p[i], "swap"));
            }
        }
        if (!ops.isEmpty()) {
            float[][] rep = new float[ops.size()][];
            float[] p = runTokens(op, ops, SiteFeatures.S, rep);
            for (int i = 0; i < ops.size(); i++) {
                out.add(new Scored(ops.get(i), p[i], expectedOp(ops.get(i), rep[i])));
            }
        }
        if (!mis.isEmpty()) {
            float[] logOdds = new float[mis.size()];
            float[][] probs = runMisuse(mis, logOdds);
            for (int i = 0; i < mis.size(); i++) {
                List<String> cands = mis.get(i).cands();
                int best = 0;
                for (int j = 1; j < cands.size(); j++) {
                    if (best == 0 || probs[i][j] > probs[i][best]) {
                        best = j;
                    }
                }
                out.add(new Scored(mis.get(i), logOdds[i], cands.get(best)));
            }
        }
        return out;
    }

    /** The repair head's best operator of the same class (comparison or arithmetic), other than the current. */
    static String expectedOp(SiteFeatures.Site s, float[] rep) {
        int cur = SiteFeatures.OPS.indexOf(s.current());
        boolean cmp = cur < COMPARISONS;
        int best = -1;
        for (int j = cmp ? 0 : COMPARISONS; j < (cmp ? COMPARISONS : SiteFeatures.OPS.size()); j++) {
            if (j != cur && (best < 0 || rep[j] > rep[best])) {
                best = j;
            }
        }
        return SiteFeatures.OPS.get(best);
    }

    private float[] runTokens(OrtSession session, List<SiteFeatures.Site> sites, int slots, float[][] repairs)
            throws OrtException {
        int n = sites.size();
        long[] ids = new long[n * slots * SiteFeatures.T];
        for (int i = 0; i < n; i++) {
            long[][] e = SiteFeatures.encode(sites.get(i).tokens(), slots);
            for (int a = 0; a < slots; a++) {
                System.arraycopy(e[a], 0, ids, (i * slots + a) * SiteFeatures.T, SiteFeatures.T);
            }
        }
        long[] shape = {n, slots, SiteFeatures.T};
        try (OnnxTensor t = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                OrtSession.Result r = session.run(Map.of("tokens", t))) {
            FloatBuffer p = ((OnnxTensor) r.get("bug_logit").orElseThrow()).getFloatBuffer();
            float[] out = new float[n];
            p.get(out);
            if (repairs != null) {
                FloatBuffer rp = ((OnnxTensor) r.get("repair_probabilities").orElseThrow()).getFloatBuffer();
                for (int i = 0; i < n; i++) {
                    repairs[i] = new float[SiteFeatures.OPS.size()];
                    rp.get(repairs[i]);
                }
            }
            return out;
        }
    }

    private float[][] runMisuse(List<SiteFeatures.Site> sites, float[] logOdds) throws OrtException {
        int n = sites.size();
        int k = SiteFeatures.K;
        int t = SiteFeatures.T;
        long[] ctx = new long[n * 2 * t];
        long[] cand = new long[n * k * t];
        float[] nums = new float[n * k * SiteFeatures.F];
        float[] mask = new float[n * k];
        for (int i = 0; i < n; i++) {
            SiteFeatures.Site s = sites.get(i);
            long[][] c = SiteFeatures.encode(s.tokens(), 2);
            System.arraycopy(c[0], 0, ctx, i * 2 * t, t);
            System.arraycopy(c[1], 0, ctx, i * 2 * t + t, t);
            for (int j = 0; j < s.cands().size() && j < k; j++) {
                long[] ids = SiteFeatures.encode(List.of(SiteFeatures.nameTokens(s.cands().get(j))), 1)[0];
                System.arraycopy(ids, 0, cand, (i * k + j) * t, t);
                for (int f = 0; f < SiteFeatures.F; f++) {
                    nums[(i * k + j) * SiteFeatures.F + f] = (float) s.nums()[j][f];
                }
                mask[i * k + j] = 1f;
            }
        }
        try (OnnxTensor a = OnnxTensor.createTensor(env, LongBuffer.wrap(ctx), new long[] {n, 2, t});
                OnnxTensor b = OnnxTensor.createTensor(env, LongBuffer.wrap(cand), new long[] {n, k, t});
                OnnxTensor c = OnnxTensor.createTensor(env, FloatBuffer.wrap(nums), new long[] {n, k, SiteFeatures.F});
                OnnxTensor d = OnnxTensor.createTensor(env, FloatBuffer.wrap(mask), new long[] {n, k});
                OrtSession.Result r = misuse.run(Map.of("context", a, "candidates", b, "numbers", c, "mask", d))) {
            ((OnnxTensor) r.get("misuse_logit").orElseThrow()).getFloatBuffer().get(logOdds);
            FloatBuffer p = ((OnnxTensor) r.get("candidate_probabilities").orElseThrow()).getFloatBuffer();
            float[][] out = new float[n][k];
            for (int i = 0; i < n; i++) {
                p.get(out[i]);
            }
            return out;
        }
    }

    /** The findings of one unit, with the unit's own signatures (see the other findings). */
    public List<Finding> findings(String doc, Snippet unit, String unitName, ValidatorOptions o) throws OrtException {
        return findings(doc, unit, unitName, o, null);
    }

    /**
     * The findings of one unit (document offsets): its sites over their detector's Information threshold;
     * sigs = {@link SiteFeatures#signatures} of the document (null: the unit's own).
     */
    public List<Finding> findings(String doc, Snippet unit, String unitName, ValidatorOptions o,
            Map<String, List<String>> sigs) throws OrtException {
        return findings(doc, unit, unitName, o, sigs, java.util.Set.of());
    }

    /**
     * As the other findings, but a detector in {@code relative} (validator.json {@code document_ranking.relative})
     * gives its unit's top site as a candidate whatever its score, with the unit's second-highest site score
     * ({@link DocumentRanking#SECOND}): its threshold is on a score relative to the whole document's sites, so
     * only {@link DocumentRanking} can tell its severity.
     */
    public List<Finding> findings(String doc, Snippet unit, String unitName, ValidatorOptions o,
            Map<String, List<String>> sigs, java.util.Set<String> relative) throws OrtException {
        ParseResult parsed = PythonParser.parse(unit.text());
        if (parsed.module() == null || !parsed.errors().isEmpty()) {
            return List.of(); // a unit that does not parse is the syntax layer's
        }
        String text = unit.text();
        List<SiteFeatures.Site> sites = sigs == null ? SiteFeatures.extract(text, parsed.module())
                : SiteFeatures.extract(text, parsed.module(), sigs);
        if (sites.isEmpty()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        Map<String, Scored> top = new LinkedHashMap<>();
        Map<String, Double> second = new LinkedHashMap<>();
        for (Scored s : score(sites)) {
            double[] th = spec.thresholds().get(s.site().kind());
            if (th == null || s.site().exact()) {
                continue; // off, or the flow layer's exact case
            }
            String kind = s.site().kind();
            if (relative.contains(kind)) { // the unit's two highest sites (the first of equal ones on top)
                Scored t = top.get(kind);
                if (t == null || s.score() > t.score()) {
                    if (t != null) {
                        second.put(kind, t.score());
                    }
                    top.put(kind, s);
                } else if (!second.containsKey(kind) || s.score() > second.get(kind)) {
                    second.put(kind, s.score());
                }
                continue;
            }
            double warn = adjust(o, th[0]);
            double info = Math.min(warn, adjust(o, th[1]));
            if (s.score() < info) {
                continue;
            }
            int[] range = unit.docRange(doc, text.codePointCount(0, s.site().start()),
                    text.codePointCount(0, s.site().end()));
            if (range == null) {
                continue;
            }
            Severity severity = s.score() >= warn ? o.severity() : ValidatorEngine.mildest(o.severity(), Severity.INFORMATION);
            out.add(finding(doc, range, s, severity, warn, unitName, text));
        }
        for (Scored s : top.values()) {
            int[] range = unit.docRange(doc, text.codePointCount(0, s.site().start()),
                    text.codePointCount(0, s.site().end()));
            if (range == null) {
                continue;
            }
            double warn = spec.thresholds().get(s.site().kind())[0]; // on the relative scale; DocumentRanking decides
            Finding f = finding(doc, range, s, Severity.HINT, warn, unitName, text);
            Map<String, Object> data = new LinkedHashMap<>(f.data());
            data.put(DocumentRanking.CANDIDATE, true);
            Double sec = second.get(s.site().kind());
            if (sec != null) {
                data.put(DocumentRanking.SECOND, ValidatorEngine.round(sec));
            }
            out.add(new Finding(f.code(), f.severity(), f.message(), f.start(), f.end(), data));
        }
        return out;
    }

    /** The detectors' thresholds ({warning, information} log-odds) by detector; a detector without them is off. */
    public Map<String, double[]> thresholds() {
        return spec.thresholds();
    }

    private static Finding finding(String doc, int[] range, Scored s, Severity severity, double warn, String unitName,
            String unitText) {
        SiteFeatures.Site site = s.site();
        String flagged = doc.substring(range[0], range[1]);
        ValidatorKind kind;
        String message;
        String newText;
        String title;
        if (site.kind().equals("swap")) {
            // the two arguments' own texts: "f(a, b)" -> "f(b, a)"
            int[] q = site.parts();
            String x = unitText.substring(q[0], q[1]);
            String y = unitText.substring(q[2], q[3]);
            boolean ok = flagged.startsWith(x) && flagged.endsWith(y) && flagged.length() >= x.length() + y.length();
            newText = ok ? y + flagged.substring(x.length(), flagged.length() - y.length()) + x : null;
            kind = ValidatorKind.SWAPPED_ARGUMENTS;
            message = ok ? String.format(Locale.ROOT, "`%s` and `%s` look swapped here; `%s, %s` expected (validator, %.2f)",
                    x, y, y, x, s.confidence()) : String.format(Locale.ROOT, "these arguments look swapped (validator, %.2f)", s.confidence());
            title = ok ? "Swap '" + x + "' and '" + y + "'" : null;
        } else if (site.kind().equals("op")) {
            String cur = site.current();
            String exp = s.expected();
            boolean cmp = SiteFeatures.OPS.indexOf(cur) < COMPARISONS;
            kind = !cmp ? ValidatorKind.WRONG_ARITHMETIC : exp.equals(NEGATE.get(cur)) ? ValidatorKind.INVERTED_COMPARISON
                    : exp.equals(BOUNDARY.get(cur)) ? ValidatorKind.BOUNDARY_COMPARISON : ValidatorKind.WRONG_COMPARISON;
            boolean aug = flagged.endsWith("=") && !cmp;
            newText = exp + (aug ? "=" : "");
            message = String.format(Locale.ROOT, "`%s` looks wrong here; `%s` expected (validator, %.2f)", flagged, newText,
                    s.confidence());
            title = "Replace '" + flagged + "' with '" + newText + "'";
        } else {
            kind = ValidatorKind.VARIABLE_MISUSE;
            newText = s.expected();
            message = String.format(Locale.ROOT, "`%s` looks wrong here; `%s` expected (validator, %.2f)", flagged, newText,
                    s.confidence());
            title = "Replace '" + flagged + "' with '" + newText + "'";
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("confidence", ValidatorEngine.round(s.confidence()));
        data.put("logit", ValidatorEngine.round(s.score()));
        data.put("kind", kind.label());
        data.put("detector", "sites." + site.kind());
        data.put("threshold", ValidatorEngine.round(probability(warn)));
        data.put("unit", unitName);
        if (newText != null && !newText.equals(flagged)) {
            data.put("repair", Map.of("title", title, "newText", newText, "flagged", flagged));
        }
        return new Finding(kind.code(), severity, message, range[0], range[1], data);
    }

    @Override
    public void close() {
        for (OrtSession s : new OrtSession[] {swap, op, misuse}) {
            try {
                s.close();
            } catch (OrtException e) {
                // closing sessions we own; nothing to do
            }
        }
    }
}
