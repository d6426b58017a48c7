package dev.pyassist.validator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pyassist.files.ArtifactLimits;
import dev.pyassist.files.ExternalFiles;
import dev.pyassist.files.RefusedFileException;
import dev.pyassist.files.SafeMessages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked validator artifact folder ({@code model.onnx}, {@code tokenizer.json}, {@code validator.json}; see
 * ARCHITECTURE.md, "Validator artifact (contract)"). {@link #load} refuses a folder whose format version, checksums or input
 * format do not match what this server reproduces.
 *
 * <p>Format 1 is a sequence classifier (a bug probability and kind per unit, a location score per token).
 * Format 2 ({@code "design": "token-rtd"}, /work/wt/VALIDATOR_V2.md) scores every token (replaced-token
 * detection) and names the original token (a repair head, top {@code repairTopK}); it has no labels.
 */
public record ValidatorArtifact(
        Path dir,
        Path model,
        Path tokenizer,
        int formatVersion,
        int maxSeqLen,
        long bosId,
        long eosId,
        long padId,
        List<String> labels,
        Map<String, String> kindMessages,
        Map<String, String> kindCategories,
        double warningThreshold,
        double informationThreshold,
        String modelSha256,
        String description,
        int repairTopK,
        long maskId,
        SiteDetectors.Spec sites,
        DocumentRanking ranking) {

    /** The newest format this server reads; {@link #FORMAT_TOKEN_RTD} and the sequence classifier's 1 both load. */
    public static final int FORMAT_VERSION = 2;
    public static final int FORMAT_SEQUENCE = 1;
    public static final int FORMAT_TOKEN_RTD = 2;
    public static final String TOKEN_BUG_PROBABILITY = "token_bug_probability";
    public static final String REPAIR_TOKEN_IDS = "repair_token_ids";
    public static final String REPAIR_PROBABILITIES = "repair_probabilities";
    public static final String BUG_PROBABILITY = "bug_probability";
    public static final String KIND_PROBABILITIES = "kind_probabilities";
    public static final String TOKEN_SCORES = "token_scores";

    // validator.json may hold NaN metrics (Python's json writes them); the rest is strict JSON.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /** Reads and checks the artifact in {@code dir}. */
    public static ValidatorArtifact load(Path dir) throws ArtifactException {
        Path meta = dir.resolve("validator.json");
        Path model = dir.resolve("model.onnx");
        Path tokenizer = dir.resolve("tokenizer.json");
        JsonNode root;
        try {
            root = JSON.readTree(read(meta, dir));
        } catch (JsonProcessingException e) {
            // where, never what: validator.json may be a link to any file
            throw new ArtifactException("validator.json in " + dir + " is " + SafeMessages.invalidJson(e), e);
        } catch (IOException e) {
            throw new ArtifactException("cannot read validator.json in " + dir + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ArtifactException("validator.json in " + dir + " is not a JSON object");
        }
        int version = root.path("format_version").asInt(-1);
        if (version != FORMAT_SEQUENCE && version != FORMAT_TOKEN_RTD) {
            throw new ArtifactException("validator model in " + dir + " has format version "
                    + (version < 0 ? "(none)" : version) + "; this pyassist reads versions " + FORMAT_SEQUENCE
                    + " and " + FORMAT_TOKEN_RTD);
        }
        boolean tokenLevel = version == FORMAT_TOKEN_RTD;
        if (tokenLevel && !"token-rtd".equals(root.path("design").asText(""))) {
            throw new ArtifactException("validator model in " + dir + " has format version 2 with design '"
                    + root.path("design").asText("(none)") + "'; this pyassist reads design 'token-rtd'");
        }
        // the files the libraries open are the checked real paths: regular, inside the folder, within the limits
        model = checked(model, dir, ArtifactLimits.model(), ArtifactLimits.MODEL_PROPERTY);
        tokenizer = checked(tokenizer, dir, ArtifactLimits.tokenizer(), ArtifactLimits.TOKENIZER_PROPERTY);
        String modelSha = requireText(root.path("sha256"), "model.onnx", dir);
        checkSha(model, modelSha, dir, ArtifactLimits.model());
        checkSha(tokenizer, requireText(root.path("sha256"), "tokenizer.json", dir), dir, ArtifactLimits.tokenizer());

        JsonNode in = root.path("input_format");
        checkInputFormat(in, dir);
        int maxSeqLen = root.path("max_seq_len").asInt(in.path("max_tokens_including_specials").asInt(0));
        if (maxSeqLen < 8) {
            throw new ArtifactException("validator.json in " + dir + " gives no usable max_seq_len");
        }
        JsonNode outputs = root.path("outputs");
        for (String name : outputNames(version)) {
            if (!outputs.has(name)) {
                throw new ArtifactException("validator.json in " + dir + " does not describe output '" + name
                        + "', which this pyassist needs");
            }
        }
        List<String> labels = new ArrayList<>();
        root.path("labels").forEach(l -> labels.add(l.asText()));
        if (!tokenLevel && (labels.isEmpty() || !"clean".equals(labels.get(0)))) {
            throw new ArtifactException("validator.json in " + dir + " must list labels starting with 'clean'");
        }
        Map<String, String> messages = new LinkedHashMap<>();
        Map<String, String> categories = new LinkedHashMap<>();
        root.path("kinds").fields().forEachRemaining(e -> {
            messages.put(e.getKey(), e.getValue().path("message").asText(""));
            categories.put(e.getKey(), e.getValue().path("category").asText(""));
        });
        JsonNode thresholds = root.path("thresholds");
        double warning = threshold(thresholds.path("warning"), Double.NaN);
        double information = threshold(thresholds.path("information"), warning);
        if (!(warning > 0 && warning < 1) || !(information > 0 && information <= warning)) {
            throw new ArtifactException("validator.json in " + dir + " has no usable thresholds"
                    + " (need 0 < information <= warning < 1)");
        }
        JsonNode arch = root.path("architecture");
        String description = arch.path("model_type").asText("model") + " " + arch.path("num_hidden_layers").asInt()
                + "x" + arch.path("hidden_size").asInt() + ", " + arch.path("parameters").asLong() + " parameters";
        int topK = root.path("repair_top_k").asInt(0);
        if (tokenLevel && (topK < 1 || !in.has("mask_id"))) {
            throw new ArtifactException("validator.json in " + dir + " gives no usable repair_top_k and"
                    + " input_format.mask_id (format 2 needs both)");
        }
        SiteDetectors.Spec sites = root.has("sites") ? sites(root.get("sites"), dir) : null;
        DocumentRanking ranking = ranking(root.path("document_ranking"), dir);
        return new ValidatorArtifact(dir, model, tokenizer, version, maxSeqLen,
                in.path("bos_id").asLong(), in.path("eos_id").asLong(), in.path("pad_id").asLong(),
                List.copyOf(labels), Map.copyOf(messages), Map.copyOf(categories), warning, information, modelSha,
                description, topK, in.path("mask_id").asLong(-1), sites, ranking);
    }

    /** The sources a {@code document_ranking.top_k} may cap: the model and the three per-site detectors. */
    static final List<String> RANKED_SOURCES = List.of(DocumentRanking.MODEL, "swap", "op", "misuse");

    /**
     * The optional {@code document_ranking}: {@code {"top_k": {source: K}}}, each source's most findings per
     * document ({@link DocumentRanking}); absent, nothing is capped.
     */
    private static DocumentRanking ranking(JsonNode node, Path dir) throws ArtifactException {
        if (node.isMissingNode() || node.isNull()) {
            return DocumentRanking.NONE;
        }
        String where = "validator.json in " + dir + ", \"document_ranking\": ";
        JsonNode top = node.path("top_k");
        if (!top.isObject()) {
            throw new ArtifactException(where + "needs an object \"top_k\" {source: K}");
        }
        Map<String, Integer> caps = new LinkedHashMap<>();
        for (var it = top.fields(); it.hasNext();) {
            var e = it.next();
            if (!RANKED_SOURCES.contains(e.getKey())) {
                throw new ArtifactException(where + "unknown source '" + SafeMessages.withoutQuotes(e.getKey())
                        + "' (known: " + String.join(", ", RANKED_SOURCES) + ")");
            }
            if (!e.getValue().canConvertToInt() || !e.getValue().isIntegralNumber() || e.getValue().asInt() < 0) {
                throw new ArtifactException(where + "top_k of '" + e.getKey() + "' must be an integer >= 0");
            }
            caps.put(e.getKey(), e.getValue().asInt());
        }
        JsonNode rel = node.path("relative");
        if (rel.isMissingNode() || rel.isNull()) {
            return new DocumentRanking(caps);
        }
        double alpha = rel.path("alpha").asDouble(Double.NaN);
        if (!"gap".equals(rel.path("how").asText("")) || !Double.isFinite(alpha) || alpha < 0) {
            throw new ArtifactException(where + "\"relative\" needs how 'gap' and a finite alpha >= 0");
        }
        java.util.Set<String> sources = new java.util.LinkedHashSet<>();
        for (JsonNode src : rel.path("sources")) {
            String name = src.asText("");
            if (!List.of("swap", "op", "misuse").contains(name) || !Integer.valueOf(1).equals(caps.get(name))) {
                throw new ArtifactException(where + "relative source '" + SafeMessages.withoutQuotes(name)
                        + "' must be a per-site detector with top_k 1");
            }
            sources.add(name);
        }
        return new DocumentRanking(caps, alpha, sources);
    }

    /**
     * The optional per-site detectors ({@code "sites"}: design {@code sites-2}, the three ONNX files with their
     * SHA-256, thresholds per detector, the feature constants this server computes); refused, with the reason,
     * when anything differs from what {@link SiteFeatures} reproduces.
     */
    private static SiteDetectors.Spec sites(JsonNode node, Path dir) throws ArtifactException {
        String where = "validator.json in " + dir + ", \"sites\": ";
        if (!"sites-2".equals(node.path("design").asText(""))) {
            throw new ArtifactException(where + "design '" + node.path("design").asText("(none)")
                    + "'; this pyassist reads design 'sites-2' (log-odds outputs and thresholds)");
        }
        JsonNode c = node.path("constants");
        if (c.path("T").asInt() != SiteFeatures.T || c.path("S").asInt() != SiteFeatures.S
                || c.path("S_swap").asInt() != SiteFeatures.S_SWAP
                || c.path("K").asInt() != SiteFeatures.K || c.path("F").asInt() != SiteFeatures.F
                || c.path("buckets").asInt() != SiteFeatures.BUCKETS
                || !c.path("ops").toString().equals(new com.fasterxml.jackson.databind.ObjectMapper()
                        .valueToTree(SiteFeatures.OPS).toString())) {
            throw new ArtifactException(where + "feature constants differ from the ones this pyassist computes");
        }
        Path[] files = new Path[3];
        String[] names = {"swap", "op", "misuse"};
        Map<String, double[]> thresholds = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            String file = "sites_" + names[i] + ".onnx";
            files[i] = checked(dir.resolve(file), dir, ArtifactLimits.model(), ArtifactLimits.MODEL_PROPERTY);
            checkSha(files[i], requireText(node.path("sha256"), file, dir), dir, ArtifactLimits.model());
            JsonNode t = node.path("thresholds").path(names[i]);
            if (t.isMissingNode() || t.isNull()) {
                continue; // a detector without thresholds is off (it did not earn a place in the false-alarm budget)
            }
            double w = t.path("warning").asDouble(Double.NaN);
            double inf = t.path("information").asDouble(w);
            if (!Double.isFinite(w) || !Double.isFinite(inf) || inf > w) {
                throw new ArtifactException(where + "no usable thresholds for " + names[i]
                        + " (need finite log-odds, information <= warning)");
            }
            thresholds.put(names[i], new double[] {w, inf});
        }
        return new SiteDetectors.Spec(files[0], files[1], files[2], Map.copyOf(thresholds));
    }

    /** Whether this is a format-2 (token-level, with repairs) artifact. */
    public boolean tokenLevel() {
        return formatVersion == FORMAT_TOKEN_RTD;
    }

    /** The ONNX outputs a model of this format must have. */
    public static List<String> outputNames(int formatVersion) {
        return formatVersion == FORMAT_TOKEN_RTD
                ? List.of(TOKEN_BUG_PROBABILITY, REPAIR_TOKEN_IDS, REPAIR_PROBABILITIES, BUG_PROBABILITY)
                : List.of(BUG_PROBABILITY, KIND_PROBABILITIES, TOKEN_SCORES);
    }

    // Format 1 writes {"warning": {"threshold": 0.9, ...}}, format 2 {"warning": 0.9}.
    private static double threshold(JsonNode node, double fallback) {
        return node.isNumber() ? node.asDouble() : node.path("threshold").asDouble(fallback);
    }

    /** The message for a label, without the repair hint: {@code comparison looks inverted}. */
    public String shortMessage(String label) {
        String m = kindMessages.getOrDefault(label, "");
        int cut = m.indexOf("; repair");
        String s = (cut >= 0 ? m.substring(0, cut) : m).strip();
        return s.isEmpty() ? label.replace('_', ' ') : s;
    }

    /** The artifact's full explanation of a label (including its repair hint, when it has one). */
    public String longMessage(String label) {
        return kindMessages.getOrDefault(label, label.replace('_', ' '));
    }

    private static void checkInputFormat(JsonNode in, Path dir) throws ArtifactException {
        // What ValidatorEngine reproduces; an artifact asking for anything else is refused, not misread.
        expect(in, "add_special_tokens", "true", dir);
        expect(in, "lowercase", "false", dir);
        expect(in, "add_prefix_space", "false", dir);
        if (!in.has("bos_id") || !in.has("eos_id") || !in.has("pad_id")) {
            throw new ArtifactException("validator.json in " + dir + " does not give bos_id, eos_id and pad_id");
        }
        String offsets = in.path("offsets").asText("");
        if (!offsets.startsWith("code points")) {
            throw new ArtifactException("validator.json in " + dir + " describes offsets as '" + offsets
                    + "'; this pyassist maps code-point offsets");
        }
    }

    private static void expect(JsonNode in, String field, String value, Path dir) throws ArtifactException {
        if (in.has(field) && !in.get(field).asText().equals(value)) {
            throw new ArtifactException("validator.json in " + dir + " needs input_format." + field + " = "
                    + in.get(field).asText() + "; this pyassist supports only " + value);
        }
    }

    private static String requireText(JsonNode node, String field, Path dir) throws ArtifactException {
        String v = node.path(field).asText("");
        if (!v.matches("[0-9a-fA-F]{64}")) {
            throw new ArtifactException("validator.json in " + dir + " gives no SHA-256 for " + field);
        }
        return v.toLowerCase(java.util.Locale.ROOT);
    }

    /** validator.json's bytes: a regular file in {@code dir}, at most {@link ArtifactLimits#json()}. */
    private static byte[] read(Path meta, Path dir) throws ArtifactException {
        try {
            return ExternalFiles.readBytes(meta, dir, ArtifactLimits.json());
        } catch (RefusedFileException e) {
            if (e.reason() == RefusedFileException.Reason.MISSING) {
                throw new ArtifactException("no validator model at " + dir + " (validator.json is missing)");
            }
            throw refused(e, ArtifactLimits.JSON_PROPERTY);
        }
    }

    private static Path checked(Path file, Path dir, long limit, String property) throws ArtifactException {
        try {
            return ExternalFiles.checked(file, dir, limit);
        } catch (RefusedFileException e) {
            if (e.reason() == RefusedFileException.Reason.MISSING) {
                throw new ArtifactException("validator model in " + dir + " is incomplete: "
                        + file.getFileName() + " is missing");
            }
            throw refused(e, property);
        }
    }

    private static ArtifactException refused(RefusedFileException e, String property) {
        String hint = e.reason() == RefusedFileException.Reason.TOO_LARGE
                ? " (" + ArtifactLimits.howToRaise(property) + ")" : "";
        return new ArtifactException("validator model refused: " + e.getMessage() + hint, e);
    }

    private static void checkSha(Path file, String expected, Path dir, long limit) throws ArtifactException {
        String actual;
        try (InputStream in = ExternalFiles.open(file, dir, limit)) {
            actual = sha256(in);
        } catch (IOException e) {
            throw new ArtifactException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!actual.equals(expected)) {
            throw new ArtifactException("validator model file " + file + " is corrupt or was replaced: its SHA-256 is "
                    + actual.substring(0, 12) + "..., validator.json expects " + expected.substring(0, 12) + "...");
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
            digest.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

}
