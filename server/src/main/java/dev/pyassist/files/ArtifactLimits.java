package dev.pyassist.files;

/**
 * The largest model artifact files the server reads (the validator's and the local engine's). Each is far above
 * what real artifacts need and far below what the launchers' {@code -Xmx512m} heap or the machine survives: a
 * tokenizer.json is read whole into the heap (as bytes, then a string) by the tokenizers library, so its limit is
 * the tightest. A system property raises or lowers each (tests use a small one).
 */
public final class ArtifactLimits {
    /** {@code validator.json}, {@code config.json}, {@code adapter_config.json}, a shard index: at most 4 MiB. */
    public static final String JSON_PROPERTY = "pyassist.artifact.maxJsonBytes";
    /** {@code tokenizer.json}: at most 32 MiB (the bundled one has 0.2 MiB; large vocabularies about 10 MiB). */
    public static final String TOKENIZER_PROPERTY = "pyassist.artifact.maxTokenizerBytes";
    /** {@code model.onnx}: at most 1 GiB (the bundled one has 21 MiB); ONNX Runtime reads it off the heap. */
    public static final String MODEL_PROPERTY = "pyassist.artifact.maxModelBytes";
    /** One {@code .safetensors} file of the local engine: at most 64 GiB (read tensor by tensor, off the heap). */
    public static final String WEIGHTS_PROPERTY = "pyassist.artifact.maxWeightsBytes";

    private ArtifactLimits() {}

    public static long json() {
        return limit(JSON_PROPERTY, 4L << 20);
    }

    public static long tokenizer() {
        return limit(TOKENIZER_PROPERTY, 32L << 20);
    }

    public static long model() {
        return limit(MODEL_PROPERTY, 1L << 30);
    }

    public static long weights() {
        return limit(WEIGHTS_PROPERTY, 64L << 30);
    }

    /** How a refusal message tells the user to raise the limit. */
    public static String howToRaise(String property) {
        return "a larger file needs -D" + property + "=BYTES";
    }

    private static long limit(String property, long fallback) {
        Long v = Long.getLong(property);
        return v == null || v <= 0 ? fallback : v;
    }
}
