package dev.pyassist.validator;

import dev.pyassist.files.SafeMessages;
import ai.onnxruntime.OrtException;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.ParsedText;
import dev.pyassist.diagnostics.Severity;
import dev.pyassist.python.Comment;
import dev.pyassist.python.ast.Module;
import dev.pyassist.text.LineMap;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The resident validator: cuts a parsed text into units, tokenizes them (windows of at most the model's
 * sequence length, overlapping, for long units), scores every unit not in the cache in length-sorted
 * batches, and turns scores over the thresholds into findings on the suspicious tokens.
 *
 * <p>Scores are cached by unit text (the dedented lines, so moving a function or re-indenting it costs
 * nothing): an edit re-scores only the units it touched. The document-level ranking ({@link DocumentRanking})
 * runs over all units' findings after that, so it sees the whole document on every call. A text with a syntax error has no tree, so nothing
 * is scored until it parses again; the syntax layer speaks for it meanwhile. Thread-safe.
 */
public final class ValidatorEngine implements AutoCloseable {
    /** {@code # pyassist: ignore} anywhere in a comment silences the validator on that line. */
    public static final Pattern IGNORE = Pattern.compile("#.*\\bpyassist:\\s*ignore\\b");
    static final int DEFAULT_CACHE_UNITS = 20_000;
    /** Padded tokens per ONNX run: bounds memory and keeps a cancelled run short. */
    static final int BATCH_TOKENS = Integer.getInteger("pyassist.validator.batchTokens", 2048);
    private static final double NEIGHBOUR_RATIO = 0.8;

    private final ValidatorArtifact artifact;
    private final CodeTokenizer tokenizer;
    private final OnnxScorer scorer;
    /** The artifact's per-site detectors (validator.json "sites"), null when it has none. */
    private final SiteDetectors sites;
    private final Map<String, List<Window>> cache;
    /** Each unit's findings by options and exact text, so an edit recomputes findings only for units it touched. */
    private final Map<String, List<Finding>> findingsMemo;
    private final AtomicLong unitsScored = new AtomicLong();
    private final AtomicLong windowsScored = new AtomicLong();
    private final AtomicLong unitsFromCache = new AtomicLong();
    /** Guards the fields below: the scoring calls inside the native parts, and the closing state. */
    private final Object uses = new Object();
    private int users;
    private volatile boolean closing;
    private boolean claimed; // a thread is freeing the native parts
    private boolean freed; // they are freed
    private final AtomicLong unitsFromStore = new AtomicLong();
    private final AtomicLong unitsChecked = new AtomicLong();

    /** One window of a unit: lines {@code first..last} of the unit's snippet, its tokens and their score. */
    record Window(int first, int last, boolean whole, CodeTokenizer.Encoded encoded, Score score) {}

    public ValidatorEngine(ValidatorArtifact artifact, CodeTokenizer tokenizer, OnnxScorer scorer, int cacheUnits) {
        this(artifact, tokenizer, scorer, null, cacheUnits);
    }

    public ValidatorEngine(ValidatorArtifact artifact, CodeTokenizer tokenizer, OnnxScorer scorer, SiteDetectors sites,
            int cacheUnits) {
        this.artifact = artifact;
        this.tokenizer = tokenizer;
        this.scorer = scorer;
        this.sites = sites;
        this.cache = java.util.Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<Window>> eldest) {
                return size() > cacheUnits;
            }
        });
        this.findingsMemo = java.util.Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<Finding>> eldest) {
                return size() > MEMO_UNITS;
            }
        });
    }

    static final int MEMO_UNITS = 4096;

    /** The in-memory store of unit findings, for callers that bring none: keyed by the options too. */
    private UnitStore memo(ValidatorOptions options) {
        String prefix = options.sensitivity() + "/" + options.severity() + "\u0000";
        return new UnitStore() {
            @Override
            public List<Finding> get(String unitText) {
                return findingsMemo.get(prefix + unitText);
            }

            @Override
            public void put(String unitText, List<Finding> relative) {
                findingsMemo.put(prefix + unitText, relative);
            }
        };
    }

    /** Opens the tokenizer and the ONNX session of a checked artifact. */
    public static ValidatorEngine open(ValidatorArtifact artifact, int threads) throws ArtifactException {
        CodeTokenizer tokenizer;
        try {
            tokenizer = new CodeTokenizer(artifact.tokenizer());
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            throw new ArtifactException("cannot load tokenizer.json from " + artifact.dir() + ": "
                    + SafeMessages.withoutQuotes(e.toString()), e); // the library may quote the file
        }
        OrtNatives.prepare(); // before ONNX Runtime loads: its libraries from one folder per version
        try {
            OnnxScorer scorer = new OnnxScorer(artifact, threads);
            SiteDetectors sites = null;
            try {
                sites = artifact.sites() == null ? null : new SiteDetectors(artifact.sites(), 1);
            } catch (OrtException | RuntimeException e) {
                scorer.close();
                throw e;
            }
            return new ValidatorEngine(artifact, tokenizer, scorer, sites, DEFAULT_CACHE_UNITS);
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
            tokenizer.close();
            throw new ArtifactException("ONNX Runtime cannot load model.onnx from " + artifact.dir() + ": "
                    + SafeMessages.withoutQuotes(e.getMessage()), e);
        }
    }

    public ValidatorArtifact artifact() {
        return artifact;
    }

    public CodeTokenizer tokenizer() {
        return tokenizer;
    }

    public OnnxScorer scorer() {
        return scorer;
    }

    /**
     * Findings for one parsed text.
     *
     * @throws CancellationException when the thread is interrupted (between batches)
     * @throws OrtException when ONNX Runtime fails
     */
    public List<Finding> validate(ParsedText parsed, ValidatorOptions options) throws OrtException {
        return validate(parsed, options, 0).findings();
    }

    /**
     * What one step of scoring found: the findings of every unit scored so far (this step or cached), and how
     * many units are still to score.
     */
    public record Result(List<Finding> findings, int unitsLeft) {}

    /**
     * Like {@link #validate(ParsedText, ValidatorOptions)}, scoring at most about {@code tokenBudget} tokens of
     * uncached units (in document order, so the top of a file is answered first); 0 scores everything.
     */
    public Result validate(ParsedText parsed, ValidatorOptions options, int tokenBudget) throws OrtException {
        return validate(parsed, options, tokenBudget, null);
    }

    /**
     * As {@link #validate(ParsedText, ValidatorOptions, int)}, answering units from {@code store} first and
     * storing the findings of the units it scores there ({@code store} may be null).
     */
    public Result validate(ParsedText parsed, ValidatorOptions options, int tokenBudget, UnitStore store)
            throws OrtException {
        if (!enter()) {
            throw new CancellationException("the validator is closing");
        }
        try {
            return validateOpen(parsed, options, tokenBudget, store);
        } finally {
            leave();
        }
    }

    private Result validateOpen(ParsedText parsed, ValidatorOptions options, int tokenBudget, UnitStore store)
            throws OrtException {
        Module module = parsed.parse().module();
        if (module == null) {
            return new Result(List.of(), 0);
        }
        boolean external = store != null;
        if (!external) {
            store = memo(options);
        }
        String text = parsed.text();
        LineMap lines = new LineMap(text);
        List<Units.Unit> units = Units.extract(module, lines);
        Set<Integer> ignored = ignoredLines(parsed.parse().comments());
        if (!options.cacheOnly()) {
            unitsChecked.addAndGet(units.size());
        }

        int n = units.size();
        // the swap detector reads the parameter names of the functions the document defines
        Map<String, List<String>> sigs = sites == null ? null : SiteFeatures.signatures(module);
        Snippet[] snippets = new Snippet[n];
        String[] raw = new String[n];
        List<List<Finding>> stored = new ArrayList<>(java.util.Collections.nCopies(n, null));
        Map<String, List<Window>> results = new HashMap<>();
        Map<String, List<Window>> pendingByText = new LinkedHashMap<>();
        Set<String> left = new HashSet<>();
        int planned = 0;
        for (int i = 0; i < n; i++) {
            Units.Unit unit = units.get(i);
            if (store != null) {
                raw[i] = storeKey(text.substring(lines.lineStart(unit.firstLine()), lines.lineContentEnd(unit.lastLine())),
                        sigs);
                List<Finding> hit = store.get(raw[i]);
                if (hit != null) {
                    stored.set(i, shift(hit, lines.lineStart(unit.firstLine())));
                    (external ? unitsFromStore : unitsFromCache).incrementAndGet();
                    continue;
                }
            }
            Snippet s = Snippet.ofLines(text, lines, unit.firstLine(), unit.lastLine());
            snippets[i] = s;
            String key = s.text();
            if (results.containsKey(key) || pendingByText.containsKey(key)) {
                continue;
            }
            List<Window> hit = cache.get(key);
            if (hit != null) {
                results.put(key, hit);
                unitsFromCache.incrementAndGet();
            } else if (options.cacheOnly() || (tokenBudget > 0 && planned >= tokenBudget)) {
                left.add(key);
            } else {
                checkInterrupted();
                List<Window> plan = plan(s);
                pendingByText.put(key, plan);
                for (Window w : plan) {
                    planned += w.encoded().length();
                }
            }
        }
        if (!pendingByText.isEmpty()) {
            scoreAll(pendingByText);
            results.putAll(pendingByText);
        }

        TokenFindings.Context context = artifact.tokenLevel() ? new TokenFindings.Context(parsed, lines) : null;
        Map<String, Finding> best = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            List<Finding> unitFindings = stored.get(i);
            if (unitFindings == null) {
                List<Window> windows = results.get(snippets[i].text());
                if (windows == null) {
                    continue;
                }
                unitFindings = unitFindings(text, lines, snippets[i], windows, units.get(i), options, context, sigs);
                if (store != null) {
                    store.put(raw[i], shift(unitFindings, -lines.lineStart(units.get(i).firstLine())));
                }
            }
            for (Finding f : unitFindings) {
                if (ignored.contains(lines.lineOf(f.start()))) {
                    continue;
                }
                String key = f.code() + "@" + f.start() + ":" + f.end();
                Finding prev = best.get(key);
                if (prev == null || confidence(prev) < confidence(f)) {
                    best.put(key, f);
                }
            }
        }
        // each source's top findings of the whole document (validator.json "document_ranking"), from the unit
        // findings as cached: an edit re-scores only its units, the ranking is recomputed here every time
        Map<String, double[]> siteThresholds = sites == null ? Map.of() : sites.thresholds();
        List<Finding> out = new ArrayList<>(artifact.ranking().apply(new ArrayList<>(best.values()), options, siteThresholds));
        out.sort(Finding.ORDER);
        return new Result(out, left.size());
    }

    /** One unit's findings (document offsets), from the scores of its windows. */
    private List<Finding> unitFindings(String text, LineMap lines, Snippet unit, List<Window> windows,
            Units.Unit u, ValidatorOptions options, TokenFindings.Context context, Map<String, List<String>> sigs)
            throws OrtException {
        List<Finding> model = modelFindings(text, lines, unit, windows, u, options, context);
        if (sites == null) {
            return model;
        }
        List<Finding> out = new ArrayList<>(model);
        out.addAll(sites.findings(text, unit, u.name(), options, sigs, artifact.ranking().relative()));
        return out;
    }

    private List<Finding> modelFindings(String text, LineMap lines, Snippet unit, List<Window> windows,
            Units.Unit u, ValidatorOptions options, TokenFindings.Context context) {
        if (context != null) {
            return TokenFindings.of(this, context, unit, windows, u, options);
        }
        List<Finding> out = new ArrayList<>();
        for (Window w : windows) {
            Snippet ws = w.whole() ? unit : unit.sub(w.first(), w.last());
            Finding f = finding(text, lines, ws, w, u.name(), options);
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    private static List<Finding> shift(List<Finding> findings, int by) {
        if (findings.isEmpty() || by == 0) {
            return findings;
        }
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            out.add(new Finding(f.code(), f.severity(), f.message(), f.start() + by, f.end() + by, f.data()));
        }
        return out;
    }

    /** Tokenizes a unit into windows of at most {@code max_seq_len} tokens, split at line boundaries. */
    List<Window> plan(Snippet unit) {
        int max = artifact.maxSeqLen();
        CodeTokenizer.Encoded all = tokenizer.encode(unit.text());
        int n = unit.lineCount();
        List<Window> windows = new ArrayList<>();
        if (all.length() <= max) {
            windows.add(new Window(0, n - 1, true, all, null));
            return windows;
        }
        int[] perLine = new int[n];
        for (int t = 0; t < all.length(); t++) {
            if (!all.special()[t] && all.ends()[t] > all.starts()[t]) {
                perLine[Math.min(n - 1, unit.lineOfCp(all.starts()[t]))]++;
            }
        }
        int a = 0;
        while (a < n) {
            int b = a;
            int sum = perLine[a];
            while (b + 1 < n && sum + perLine[b + 1] + 2 <= max) {
                b++;
                sum += perLine[b];
            }
            CodeTokenizer.Encoded enc;
            while (true) {
                enc = tokenizer.encode(unit.sub(a, b).text());
                if (enc.length() <= max || b == a) {
                    break;
                }
                b--;
            }
            if (enc.length() > max) {
                enc = truncate(enc, max);
            }
            windows.add(new Window(a, b, false, enc, null));
            if (b >= n - 1) {
                break;
            }
            int overlap = (b - a + 1) / 4;
            a = Math.max(a + 1, b + 1 - overlap);
        }
        return windows;
    }

    private CodeTokenizer.Encoded truncate(CodeTokenizer.Encoded e, int max) {
        long[] ids = java.util.Arrays.copyOf(e.ids(), max);
        int[] starts = java.util.Arrays.copyOf(e.starts(), max);
        int[] ends = java.util.Arrays.copyOf(e.ends(), max);
        boolean[] special = java.util.Arrays.copyOf(e.special(), max);
        ids[max - 1] = artifact.eosId();
        starts[max - 1] = 0;
        ends[max - 1] = 0;
        special[max - 1] = true;
        return new CodeTokenizer.Encoded(ids, starts, ends, special);
    }

    /** Scores every window of the pending units in length-sorted batches, filling in and caching them. */
    private void scoreAll(Map<String, List<Window>> pending) throws OrtException {
        record Ref(String key, int index, int length) {}
        List<Ref> refs = new ArrayList<>();
        for (Map.Entry<String, List<Window>> e : pending.entrySet()) {
            for (int i = 0; i < e.getValue().size(); i++) {
                refs.add(new Ref(e.getKey(), i, e.getValue().get(i).encoded().length()));
            }
        }
        refs.sort(Comparator.comparingInt(Ref::length));
        int from = 0;
        while (from < refs.size()) {
            checkInterrupted();
            int to = from;
            int width = 0;
            while (to < refs.size() && (to - from + 1) * Math.max(width, refs.get(to).length()) <= BATCH_TOKENS) {
                width = Math.max(width, refs.get(to).length());
                to++;
            }
            to = Math.max(to, from + 1);
            List<long[]> batch = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                batch.add(pending.get(refs.get(i).key()).get(refs.get(i).index()).encoded().ids());
            }
            List<Score> scores = scorer.score(batch);
            for (int i = from; i < to; i++) {
                Ref r = refs.get(i);
                List<Window> ws = pending.get(r.key());
                Window w = ws.get(r.index());
                ws.set(r.index(), new Window(w.first(), w.last(), w.whole(), w.encoded(), scores.get(i - from)));
            }
            windowsScored.addAndGet(to - from);
            from = to;
        }
        for (Map.Entry<String, List<Window>> e : pending.entrySet()) {
            cache.put(e.getKey(), List.copyOf(e.getValue()));
            unitsScored.incrementAndGet();
        }
        NativeMemory.trim(); // batch buffers are free now; give them back rather than keep them resident
    }

    private Finding finding(String text, LineMap lines, Snippet ws, Window w, String unitName, ValidatorOptions o) {
        Score sc = w.score();
        double p = sc.bugProbability();
        double warn = o.adjust(artifact.warningThreshold());
        double info = Math.min(warn, o.adjust(artifact.informationThreshold()));
        if (p < info) {
            return null;
        }
        CodeTokenizer.Encoded enc = w.encoded();
        float[] ts = sc.tokenScores();
        // the most suspicious real token (whitespace-only tokens carry no place to point at)
        int top = -1;
        int[] topRange = null;
        Integer[] order = new Integer[enc.length()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Float.compare(ts[y], ts[x]));
        for (int i : order) {
            if (enc.special()[i] || enc.ends()[i] <= enc.starts()[i]) {
                continue;
            }
            int[] r = ws.docRange(text, enc.starts()[i], enc.ends()[i]);
            if (r != null) {
                top = i;
                topRange = r;
                break;
            }
        }
        if (top < 0) {
            return null;
        }
        int start = topRange[0];
        int end = topRange[1];
        int line = lines.lineOf(start);
        for (int dir = -1; dir <= 1; dir += 2) {
            for (int i = top + dir; i >= 0 && i < enc.length(); i += dir) {
                if (enc.special()[i] || ts[i] < NEIGHBOUR_RATIO * ts[top]) {
                    break;
                }
                int[] r = ws.docRange(text, enc.starts()[i], enc.ends()[i]);
                if (r == null || lines.lineOf(r[0]) != line || lines.lineOf(r[1] - 1) != line) {
                    break;
                }
                start = Math.min(start, r[0]);
                end = Math.max(end, r[1]);
            }
        }
        int kindIndex = kindIndex(sc);
        String label = artifact.labels().get(kindIndex);
        ValidatorKind kind = ValidatorKind.fromLabel(label);
        Severity severity = p >= warn ? o.severity() : mildest(o.severity(), Severity.INFORMATION);
        String message = String.format(Locale.ROOT, "%s (validator, %.2f)", artifact.shortMessage(label), p);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("confidence", round(p));
        data.put("kind", label);
        data.put("kindProbability", round(sc.kindProbabilities()[kindIndex]));
        data.put("tokenScore", round(ts[top]));
        data.put("threshold", round(warn));
        data.put("unit", unitName);
        String flagged = text.substring(start, end);
        Repairs.propose(kind, flagged).ifPresent(r -> data.put("repair",
                Map.of("title", r.title(), "newText", Repairs.apply(r, flagged))));
        return new Finding(kind.code(), severity, message, start, end, data);
    }

    /**
     * The kind to name: the most likely among the "semantic" kinds (the unit parses, so a syntax-kind guess
     * is beside the point), or among all bug kinds when the artifact marks none semantic.
     */
    private int kindIndex(Score sc) {
        int best = -1;
        float[] kp = sc.kindProbabilities();
        for (int i = 1; i < kp.length && i < artifact.labels().size(); i++) {
            if ("semantic".equals(artifact.kindCategories().get(artifact.labels().get(i)))
                    && (best < 0 || kp[i] > kp[best])) {
                best = i;
            }
        }
        return best >= 0 ? best : Math.min(sc.topKind(), artifact.labels().size() - 1);
    }

    static Severity mildest(Severity a, Severity b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /**
     * A unit's key in the store: its text and, when the swap detector runs, the signatures of the document's
     * functions it may call (a unit's findings change when a callee's parameters do, elsewhere in the file).
     */
    static String storeKey(String unitText, Map<String, List<String>> sigs) {
        if (sigs == null || sigs.isEmpty()) {
            return unitText;
        }
        StringBuilder key = new StringBuilder(unitText);
        for (Map.Entry<String, List<String>> e : new java.util.TreeMap<>(sigs).entrySet()) {
            if (unitText.contains(e.getKey() + "(")) {
                key.append('\u0000').append(e.getKey()).append('=').append(String.join(",", e.getValue()));
            }
        }
        return key.toString();
    }

    static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }

    static double confidence(Finding f) {
        Object c = f.data().get("confidence");
        return c instanceof Number n ? n.doubleValue() : 0;
    }

    static Set<Integer> ignoredLines(List<Comment> comments) {
        Set<Integer> out = new HashSet<>();
        for (Comment c : comments) {
            if (IGNORE.matcher(c.text()).find()) {
                out.add(c.line() - 1);
            }
        }
        return out;
    }

    private void checkInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("superseded");
        }
        if (closing) {
            throw new CancellationException("the validator is closing");
        }
    }

    /**
     * Counters since start: units scored by the model, answered from the memory cache and from a {@link
     * UnitStore}, units checked in all (hover lookups left out), windows scored.
     */
    public Map<String, Long> stats() {
        return Map.of("unitsScored", unitsScored.get(), "unitsFromCache", unitsFromCache.get(),
                "unitsFromStore", unitsFromStore.get(), "unitsChecked", unitsChecked.get(),
                "windowsScored", windowsScored.get(), "cachedUnits", (long) cache.size());
    }

    /**
     * Closes the engine: no new scoring starts, and the native parts (ONNX session, tokenizer) are freed as soon as
     * the scoring runs in flight have left them, by the last of them; at once when none is. Freeing them under a
     * running call would crash the JVM. Does not wait; {@link #awaitClosed} does.
     */
    @Override
    public void close() {
        boolean now;
        synchronized (uses) {
            closing = true;
            now = users == 0 && !claimed;
            claimed |= now;
        }
        if (now) {
            free();
        }
    }

    /**
     * Waits up to {@code timeoutMs} for {@link #close} to have freed the native parts (the calls in flight ended).
     *
     * @return whether they are freed
     */
    public boolean awaitClosed(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        synchronized (uses) {
            while (!freed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                uses.wait(Math.max(1, left / 1_000_000L));
            }
            return true;
        }
    }

    /** Counts a scoring call in; false when the engine is closing (nothing may enter the native parts then). */
    private boolean enter() {
        synchronized (uses) {
            if (closing) {
                return false;
            }
            users++;
            return true;
        }
    }

    /** Counts a call out; the last one out of a closing engine frees it. */
    private void leave() {
        boolean now;
        synchronized (uses) {
            users--;
            now = closing && users == 0 && !claimed;
            claimed |= now;
        }
        if (now) {
            free();
        }
    }

    private void free() {
        try {
            scorer.close();
            tokenizer.close();
            if (sites != null) {
                sites.close();
            }
        } finally {
            synchronized (uses) {
                freed = true;
                uses.notifyAll();
            }
        }
    }
}
