package dev.pyassist.llm.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * The parts of a {@code gpt_bigcode} {@code config.json} the forward pass needs.
 *
 * @param nInner intermediate MLP width ({@code n_inner}, default 4 x n_embd)
 * @param eosId  end-of-text token id, or -1 when the config names none
 */
record ModelConfig(int nEmbd, int nLayer, int nHead, int nInner, int nPositions, int vocabSize,
                   double layerNormEpsilon, boolean multiQuery, String activation, boolean scaleAttnWeights,
                   boolean tieWordEmbeddings, int bosId, int eosId) {

    int headDim() {
        return nEmbd / nHead;
    }

    /** Width of K (and of V) per token: one shared head for multi-query, all heads otherwise. */
    int kvDim() {
        return multiQuery ? headDim() : nEmbd;
    }

    static ModelConfig read(Path file) {
        if (!EngineFiles.present(file)) {
            throw Problems.misconfigured(file, "config.json is missing; the model folder must be a Hugging Face "
                    + "folder written by save_pretrained");
        }
        JsonNode c = EngineFiles.json(file, file.getParent());
        String type = c.path("model_type").asText("");
        if (!type.equals("gpt_bigcode")) {
            throw Problems.misconfigured(file, "model_type is '" + type + "'; the local engine runs gpt_bigcode "
                    + "(StarCoder-family) models only");
        }
        int nEmbd = req(file, c, "n_embd");
        int nHead = req(file, c, "n_head");
        if (nEmbd % nHead != 0) {
            throw Problems.misconfigured(file, "n_embd " + nEmbd + " is not a multiple of n_head " + nHead);
        }
        String act = c.path("activation_function").asText("gelu_pytorch_tanh");
        if (!Activation.isSupported(act)) {
            throw Problems.misconfigured(file, "activation_function '" + act + "' is not supported (use one of "
                    + Activation.SUPPORTED + ")");
        }
        if (c.path("add_cross_attention").asBoolean(false)) {
            throw Problems.misconfigured(file, "cross-attention models are not supported");
        }
        int nInner = c.path("n_inner").isNumber() ? c.get("n_inner").asInt() : 4 * nEmbd;
        return new ModelConfig(nEmbd, req(file, c, "n_layer"), nHead, nInner, req(file, c, "n_positions"),
                req(file, c, "vocab_size"), c.path("layer_norm_epsilon").asDouble(1e-5),
                c.path("multi_query").asBoolean(true), act, c.path("scale_attn_weights").asBoolean(true),
                c.path("tie_word_embeddings").asBoolean(true), c.path("bos_token_id").asInt(-1),
                firstId(c.get("eos_token_id")));
    }

    private static int firstId(JsonNode n) {
        if (n == null || n.isNull()) {
            return -1;
        }
        return n.isArray() ? (n.size() == 0 ? -1 : n.get(0).asInt()) : n.asInt(-1);
    }

    private static int req(Path file, JsonNode c, String key) {
        JsonNode n = c.get(key);
        if (n == null || !n.canConvertToInt() || n.asInt() <= 0) {
            throw Problems.misconfigured(file, "'" + key + "' is missing or not a positive integer");
        }
        return n.asInt();
    }
}
