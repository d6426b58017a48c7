package dev.pyassist.complete;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A fill-in-the-middle prompt layout: where the code before and after the cursor go, between the special tokens a
 * model family was trained with, and the stop sequences that end its middle. {@code {prefix}}, {@code {suffix}} and
 * {@code {path}} are the placeholders.
 *
 * @param name   the setting's spelling ({@code complete.template})
 * @param layout the prompt, with placeholders
 * @param stop   where a middle ends (the family's end-of-text and its other special tokens)
 */
public record FimTemplate(String name, String layout, List<String> stop) {

    /** StarCoder, StarCoder2, SantaCoder, tiny_starcoder: prefix, suffix, middle (PSM). */
    public static final FimTemplate STARCODER = new FimTemplate("starcoder",
            "<fim_prefix>{prefix}<fim_suffix>{suffix}<fim_middle>",
            List.of("<|endoftext|>", "<fim_prefix>", "<fim_suffix>", "<fim_middle>", "<file_sep>"));
    /**
     * StarCoder's suffix-first layout (SPM; StarCoder was trained on both): the suffix comes before the prefix, so
     * the prompt of the next keystroke starts with the same tokens as this one's and the local engine's K/V prefix
     * cache reuses all but the few new ones.
     */
    public static final FimTemplate STARCODER_SPM = new FimTemplate("starcoder-spm",
            "<fim_prefix><fim_suffix>{suffix}<fim_middle>{prefix}", STARCODER.stop);
    /** Code Llama (7B, 13B and their instruct variants): {@code <PRE> p <SUF>s <MID>}. */
    public static final FimTemplate CODELLAMA = new FimTemplate("codellama", "<PRE> {prefix} <SUF>{suffix} <MID>",
            List.of("<EOT>", "<PRE>", "<SUF>", "<MID>", "</s>"));
    /** DeepSeek-Coder (v1 and v2): begin, hole, end. */
    public static final FimTemplate DEEPSEEK = new FimTemplate("deepseek",
            "<｜fim▁begin｜>{prefix}<｜fim▁hole｜>{suffix}<｜fim▁end｜>",
            List.of("<｜end▁of▁sentence｜>", "<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>", "<|EOT|>"));
    /** Qwen2.5-Coder. */
    public static final FimTemplate QWEN = new FimTemplate("qwen",
            "<|fim_prefix|>{prefix}<|fim_suffix|>{suffix}<|fim_middle|>",
            List.of("<|endoftext|>", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|fim_pad|>",
                    "<|file_sep|>", "<|repo_name|>", "<|im_start|>", "<|im_end|>"));
    /** Codestral: suffix first, then prefix; the middle follows. */
    public static final FimTemplate CODESTRAL = new FimTemplate("codestral", "[SUFFIX]{suffix}[PREFIX]{prefix}",
            List.of("[PREFIX]", "[SUFFIX]", "[MIDDLE]", "</s>"));

    private static final List<FimTemplate> KNOWN = List.of(STARCODER, STARCODER_SPM, CODELLAMA, DEEPSEEK, QWEN,
            CODESTRAL);

    /** The setting value that asks for a chat prompt instead (for chat-only models). */
    public static final String CHAT = "chat";
    public static final String AUTO = "auto";
    public static final String CUSTOM = "custom";

    public FimTemplate {
        stop = List.copyOf(stop);
    }

    /** The prompt for this layout. */
    public String render(String prefix, String suffix, String path) {
        // one pass, so a placeholder inside the code is never expanded
        StringBuilder out = new StringBuilder(layout.length() + prefix.length() + suffix.length());
        int i = 0;
        while (i < layout.length()) {
            if (layout.startsWith("{prefix}", i)) {
                out.append(prefix);
                i += "{prefix}".length();
            } else if (layout.startsWith("{suffix}", i)) {
                out.append(suffix);
                i += "{suffix}".length();
            } else if (layout.startsWith("{path}", i)) {
                out.append(path == null ? "" : path);
                i += "{path}".length();
            } else {
                out.append(layout.charAt(i++));
            }
        }
        return out.toString();
    }

    /** A custom layout from {@code complete.customTemplate}; it needs {@code {prefix}}. */
    public static FimTemplate custom(String layout, List<String> stop) {
        if (layout == null || !layout.contains("{prefix}")) {
            throw new IllegalArgumentException("complete.customTemplate must contain {prefix} (and usually {suffix})");
        }
        return new FimTemplate(CUSTOM, layout, stop == null ? List.of() : stop);
    }

    /** A known layout by its setting name. */
    public static Optional<FimTemplate> named(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return KNOWN.stream().filter(t -> t.name.equals(n)).findFirst();
    }

    /**
     * The layout a model's name implies, empty for a model without a known one (it is then asked in a chat prompt):
     * {@code bigcode/starcoder2-3b}, {@code codellama:7b-code}, {@code deepseek-coder-6.7b-base},
     * {@code qwen2.5-coder:1.5b}, {@code codestral-latest}.
     */
    public static Optional<FimTemplate> forModel(String model) {
        String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
        if (m.contains("starcoder") || m.contains("santacoder") || m.contains("stable-code")) {
            return Optional.of(STARCODER);
        }
        if (m.contains("codellama") || m.contains("code-llama") || m.contains("code_llama")) {
            return Optional.of(CODELLAMA);
        }
        if (m.contains("deepseek") && m.contains("coder")) {
            return Optional.of(DEEPSEEK);
        }
        if (m.contains("qwen") && m.contains("coder")) {
            return Optional.of(QWEN);
        }
        if (m.contains("codestral")) {
            return Optional.of(CODESTRAL);
        }
        return Optional.empty();
    }
}
