package dev.pyassist.validator;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The artifact's {@code tokenizer.json} through DJL's {@link HuggingFaceTokenizer} (the same Rust library the
 * pipeline uses), configured as the artifact's {@code input_format} says: special tokens added, no truncation
 * (DJL would cut at 512 otherwise), no padding. Thread-safe.
 */
public final class CodeTokenizer implements AutoCloseable {
    static {
        // DJL logs through SLF4J, which warns on stderr when no provider is bound; pyassist logs through JUL.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    private final HuggingFaceTokenizer tokenizer;

    /**
     * One encoded text.
     *
     * @param ids token ids, {@code <s>} first and {@code </s>} last
     * @param starts code-point start offset of each token in the text ({@code 0} for special tokens)
     * @param ends code-point end offset (exclusive)
     * @param special whether each token is a special token
     */
    public record Encoded(long[] ids, int[] starts, int[] ends, boolean[] special) {
        public int length() {
            return ids.length;
        }
    }

    public CodeTokenizer(Path tokenizerJson) throws IOException {
        this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson,
                Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"));
    }

    public Encoded encode(String text) {
        Encoding e = tokenizer.encode(text, true, false);
        long[] ids = e.getIds();
        CharSpan[] spans = e.getCharTokenSpans();
        long[] specialMask = e.getSpecialTokenMask();
        int n = ids.length;
        int[] starts = new int[n];
        int[] ends = new int[n];
        boolean[] special = new boolean[n];
        for (int i = 0; i < n; i++) {
            special[i] = specialMask != null && i < specialMask.length && specialMask[i] != 0;
            CharSpan span = spans == null || i >= spans.length ? null : spans[i];
            if (span != null && !special[i]) {
                starts[i] = span.getStart();
                ends[i] = span.getEnd();
            }
        }
        return new Encoded(ids, starts, ends, special);
    }

    /** The text of token ids (byte-level pieces joined and decoded; special tokens left out). */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    /** The token strings (for tests and debugging). */
    public String[] tokens(String text) {
        return tokenizer.encode(text, true, false).getTokens();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
