package dev.pyassist.llm.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What to load.
 *
 * @param modelDir      a Hugging Face folder: {@code config.json} ({@code model_type: gpt_bigcode}),
 *                      {@code model.safetensors} or sharded safetensors with {@code model.safetensors.index.json},
 *                      {@code tokenizer.json}
 * @param adapters      PEFT LoRA adapter folders ({@code adapter_config.json} + {@code adapter_model.safetensors}) by
 *                      name; the server names them by task ({@code "summarize"}, {@code "translate"},
 *                      {@code "generate"})
 * @param mergedAdapter the name of one adapter to merge into the weights for speed (then it is always on and the
 *                      others are refused), or {@code null} to keep all adapters unmerged and switchable
 * @param threads       intra-op threads; 0 means the engine's default (the number of cores)
 */
public record LocalModelSpec(Path modelDir, Map<String, Path> adapters, String mergedAdapter, int threads) {

    public LocalModelSpec {
        Objects.requireNonNull(modelDir, "modelDir");
        adapters = adapters == null ? Map.of() : Map.copyOf(adapters);
        if (mergedAdapter != null && !adapters.containsKey(mergedAdapter)) {
            throw new IllegalArgumentException("merged adapter '" + mergedAdapter + "' is not among the adapters "
                    + adapters.keySet());
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (default) or positive: " + threads);
        }
    }
}
