package dev.pyassist.llm.local.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GPTBigCode's forward pass as {@code transformers}' {@code modeling_gpt_bigcode.py} computes it (eager attention,
 * batch of one): token + position embeddings; per layer ln_1, fused c_attn (multi-query: one shared K/V head),
 * causal softmax attention, c_proj, residual, ln_2, MLP (c_fc, activation, c_proj), residual; ln_f; lm_head tied to
 * wte. Weights live in one long-lived manager; callers run each step inside an {@link NDScope} so the step's
 * temporaries are freed, and only the K/V arrays kept in the {@link KvCache} survive it.
 */
final class BigCodeModel implements AutoCloseable {

    /** One transformer block's parameters. */
    private record Block(NDArray ln1W, NDArray ln1B, LinearLayer cAttn, LinearLayer attnProj, NDArray ln2W,
                         NDArray ln2B, LinearLayer cFc, LinearLayer mlpProj) {
    }

    final ModelConfig cfg;
    private final NDManager weights;
    private final NDArray wte;
    private final NDArray wpe;
    private final NDArray lnfW;
    private final NDArray lnfB;
    private final List<Block> blocks = new ArrayList<>();
    private final LinearLayer lmHead;
    /** Every linear module by its PEFT name ({@code transformer.h.0.attn.c_attn}, ..., {@code lm_head}). */
    private final Map<String, LinearLayer> linears = new LinkedHashMap<>();
    private final Shape normShape;
    private final long parameters;
    /** The bf16 products of the prefill, or null (float32 throughout). */
    private Bf16Kernels bf16;

    BigCodeModel(ModelConfig cfg, Checkpoint ckpt, NDManager weights) {
        this.cfg = cfg;
        this.weights = weights;
        int e = cfg.nEmbd();
        long[] count = {0};
        Loader ld = new Loader(ckpt, weights, count);
        this.wte = ld.get("transformer.wte.weight", cfg.vocabSize(), e);
        this.wpe = ld.get("transformer.wpe.weight", cfg.nPositions(), e);
        for (int i = 0; i < cfg.nLayer(); i++) {
            String p = "transformer.h." + i + ".";
            int qkv = e + 2 * cfg.kvDim();
            blocks.add(new Block(ld.get(p + "ln_1.weight", e), ld.get(p + "ln_1.bias", e),
                    linear(ld, p + "attn.c_attn", qkv, e), linear(ld, p + "attn.c_proj", e, e),
                    ld.get(p + "ln_2.weight", e), ld.get(p + "ln_2.bias", e),
                    linear(ld, p + "mlp.c_fc", cfg.nInner(), e), linear(ld, p + "mlp.c_proj", e, cfg.nInner())));
        }
        this.lnfW = ld.get("transformer.ln_f.weight", e);
        this.lnfB = ld.get("transformer.ln_f.bias", e);
        boolean tied = cfg.tieWordEmbeddings() || !ckpt.has("lm_head.weight");
        NDArray head = tied ? wte : ld.get("lm_head.weight", cfg.vocabSize(), e);
        this.lmHead = new LinearLayer("lm_head", head, null, tied);
        linears.put("lm_head", lmHead);
        float attnScale = cfg.scaleAttnWeights() ? (float) (1.0 / Math.sqrt(cfg.headDim())) : 1f;
        if (attnScale != 1f) {
            foldAttentionScale(attnScale);
        }
        this.normShape = new Shape(e);
        this.parameters = count[0];
    }

    /**
     * softmax((q k^T) * s) = softmax(((s W_q) x + s b_q) k^T): scale the query rows of every c_attn once here
     * instead of the scores every step (multi-query: the first n_embd rows; multi-head: the first head_dim of each
     * head's 3 x head_dim rows).
     */
    private void foldAttentionScale(float s) {
        int e = cfg.nEmbd();
        int hd = cfg.headDim();
        int out = e + 2 * cfg.kvDim();
        float[] f = new float[out];
        for (int i = 0; i < out; i++) {
            boolean query = cfg.multiQuery() ? i < e : i % (3 * hd) < hd;
            f[i] = query ? s : 1f;
        }
        for (Block b : blocks) {
            b.cAttn().scaleRows(weights.create(f));
        }
    }

    private LinearLayer linear(Loader ld, String name, int out, int in) {
        LinearLayer l = new LinearLayer(name, ld.get(name + ".weight", out, in), ld.get(name + ".bias", out), false);
        linears.put(name, l);
        return l;
    }

    /**
     * The blocks' linear modules multiply many-row inputs in bf16 from now on (after adapters are loaded and
     * merged). lm_head stays float32: the prefill asks it for one row, and its bf16 copy would be the largest.
     */
    void useBf16(Bf16Kernels kernels) {
        for (LinearLayer l : linears.values()) {
            if (l != lmHead) {
                l.useBf16(kernels, (ai.djl.pytorch.engine.PtNDManager) weights);
            }
        }
        bf16 = kernels;
    }

    boolean bf16() {
        return bf16 != null;
    }

    Map<String, LinearLayer> linears() {
        return linears;
    }

    long parameters() {
        return parameters;
    }

    NDManager manager() {
        return weights;
    }

    /**
     * Runs {@code ids} (positions {@code cache.length ...}) through the model, appending their K/V to the cache.
     *
     * @param allPositions return logits for every input position ({@code [T, vocab]}) instead of the last
     *                     ({@code [vocab]})
     * @return logits registered in the caller's {@link NDScope}
     */
    NDArray forward(long[] ids, KvCache cache, String adapter, boolean allPositions) {
        int t = ids.length;
        int past = cache.length;
        NDArray idx = weights.create(ids);
        NDArray x = wte.get(idx).addi(wpe.get(new NDIndex().addSliceDim(past, past + t))); // [T, E]
        NDArray mask = t > 1 ? causalMask(t, past) : null; // [T, S]
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            NDArray h = layerNorm(x, b.ln1W(), b.ln1B());
            NDArray a = attention(i, b, h, cache, adapter, mask);
            x.addi(a);
            NDArray h2 = layerNorm(x, b.ln2W(), b.ln2B());
            NDArray f = Activation.apply(cfg.activation(), b.cFc().forward(h2, adapter));
            x.addi(b.mlpProj().forward(f, adapter));
        }
        cache.length = past + t;
        NDArray last = allPositions || t == 1 ? x : x.get(new NDIndex().addSliceDim(t - 1, t));
        NDArray logits = lmHead.forward(layerNorm(last, lnfW, lnfB), adapter);
        return allPositions ? logits : logits.reshape(cfg.vocabSize());
    }

    private NDArray layerNorm(NDArray x, NDArray w, NDArray b) {
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, normShape, w, b, (float) cfg.layerNormEpsilon())
                .singletonOrThrow();
    }

    private NDArray attention(int layer, Block b, NDArray h, KvCache cache, String adapter, NDArray mask) {
        int t = (int) h.getShape().get(0);
        int e = cfg.nEmbd();
        int nh = cfg.nHead();
        int hd = cfg.headDim();
        NDArray qkv = b.cAttn().forward(h, adapter);
        NDArray ctx;
        if (cfg.multiQuery()) {
            // split (E, hd, hd) on the last axis; K and V are one head shared by all query heads
            NDList qkvParts = qkv.split(new long[] {e, e + hd}, 1); // one native split, three views
            NDArray k = concat(cache.keys[layer], qkvParts.get(1));
            NDArray v = concat(cache.values[layer], qkvParts.get(2));
            keep(layer, cache, k, v);
            if (bf16 != null && mask != null && t >= Bf16Kernels.MIN_ROWS) { // the prefill: fused, in bf16
                return b.attnProj().forward(bf16.attend(qkvParts.get(0), k, v, mask, nh), adapter);
            }
            NDArray q = qkvParts.get(0).reshape(t * nh, hd); // rows: (token, head)
            NDArray scores = q.matMul(k.transpose()); // [T*H, S], already scaled through W_q
            if (mask != null) {
                int s = (int) k.getShape().get(0);
                scores = scores.reshape(t, nh, s).addi(mask.expandDims(1)).reshape(t * nh, s);
            }
            ctx = scores.softmax(-1).matMul(v).reshape(t, e);
        } else {
            // per head (q, k, v) interleaved: view [T, H, 3 hd] and split the last axis
            NDArray r = qkv.reshape(t, nh, 3 * hd);
            NDArray q = r.get(new NDIndex(":, :, 0:{}", hd)).transpose(1, 0, 2); // [H, T, hd]
            NDArray k = concat(cache.keys[layer], r.get(new NDIndex(":, :, {}:{}", hd, 2 * hd))); // [S, H, hd]
            NDArray v = concat(cache.values[layer], r.get(new NDIndex(":, :, {}:", 2 * hd)));
            keep(layer, cache, k, v);
            NDArray scores = q.matMul(k.transpose(1, 2, 0)); // [H, T, S], already scaled through W_q
            if (mask != null) {
                scores.addi(mask);
            }
            ctx = scores.softmax(-1).matMul(v.transpose(1, 0, 2)).transpose(1, 0, 2).reshape(t, e);
        }
        return b.attnProj().forward(ctx, adapter);
    }

    private static NDArray concat(NDArray past, NDArray now) {
        return past == null ? now.duplicate() : NDArrays.concat(new NDList(past, now), 0);
    }

    /** The new K/V outlive the step's scope; the previous ones are closed by the cache. */
    private static void keep(int layer, KvCache cache, NDArray k, NDArray v) {
        NDScope.unregister(k, v);
        cache.put(layer, k, v);
    }

    private NDArray causalMask(int t, int past) {
        int s = past + t;
        float[] m = new float[t * s];
        for (int i = 0; i < t; i++) {
            for (int j = past + i + 1; j < s; j++) {
                m[i * s + j] = Float.NEGATIVE_INFINITY;
            }
        }
        return weights.create(m, new Shape(t, s));
    }

    @Override
    public void close() {
        if (bf16 != null) {
            bf16.close();
        }
        weights.close();
    }

    /** Reads tensors, checking each shape against the config. */
    private static final class Loader {
        private final Checkpoint ckpt;
        private final NDManager manager;
        private final long[] count;

        Loader(Checkpoint ckpt, NDManager manager, long[] count) {
            this.ckpt = ckpt;
            this.manager = manager;
            this.count = count;
        }

        NDArray get(String name, long... shape) {
            SafeTensors.Entry e = ckpt.entry(name);
            if (e == null) {
                throw Problems.misconfigured(ckpt.byTensor().values().stream().findFirst()
                        .map(SafeTensors::file).orElse(null), "tensor '" + name + "' is missing; is this a "
                        + "gpt_bigcode checkpoint matching config.json?");
            }
            if (!java.util.Arrays.equals(e.shape(), shape)) {
                throw Problems.misconfigured(ckpt.byTensor().get(name).file(), "tensor '" + name + "' has shape "
                        + java.util.Arrays.toString(e.shape()) + " but config.json implies "
                        + java.util.Arrays.toString(shape));
            }
            ByteBuffer data = ckpt.byTensor().get(name).readFloat32(name);
            count[0] += e.elements();
            return manager.create(data, new Shape(shape), DataType.FLOAT32);
        }
    }
}
