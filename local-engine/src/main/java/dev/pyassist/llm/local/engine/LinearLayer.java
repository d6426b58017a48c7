package dev.pyassist.llm.local.engine;

import ai.djl.ndarray.NDArray;
import java.util.HashMap;
import java.util.Map;

/**
 * A linear module ({@code y = x W^T + b}) with the LoRA pairs of the resident adapters. The weight stays in the
 * {@code [out, in]} layout {@code torch.nn.functional.linear} takes, so nothing is transposed per step.
 */
final class LinearLayer {

    final String name;
    final int in;
    final int out;
    NDArray weight;
    NDArray bias;
    /** Per-output-row factors folded into W and b at load (and applied to LoRA B when adapters load), or null. */
    NDArray rowScale;
    final Map<String, Lora> loras = new HashMap<>();
    /** bf16 copies of the weight and bias for products of many rows, with the kernels that use them; or null. */
    private Bf16Kernels kernels;
    private NDArray weightBf16;
    private NDArray biasBf16;
    /** The weight is another module's array (the tied lm_head shares wte): never closed here. */
    private boolean sharedWeight;

    LinearLayer(String name, NDArray weight, NDArray bias, boolean sharedWeight) {
        this.name = name;
        this.sharedWeight = sharedWeight;
        this.weight = weight;
        this.bias = bias;
        this.out = (int) weight.getShape().get(0);
        this.in = (int) weight.getShape().get(1);
    }

    NDArray forward(NDArray x, String adapter) {
        boolean fromKernels = kernels != null && x.getShape().get(0) >= Bf16Kernels.MIN_ROWS;
        NDArray y = fromKernels ? kernels.linear(x, weightBf16, biasBf16)
                : bias == null ? ai.djl.nn.core.Linear.linear(x, weight).singletonOrThrow()
                : ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
        Lora l = adapter == null ? null : loras.get(adapter);
        if (l != null) {
            NDArray down = ai.djl.nn.core.Linear.linear(x, l.a()).singletonOrThrow();
            NDArray up = ai.djl.nn.core.Linear.linear(down, l.scaledB()).singletonOrThrow();
            if (fromKernels) { // the module's output is an inference tensor: no in-place update outside it
                NDArray sum = y.add(up);
                y.close();
                y = sum;
            } else {
                y.addi(up);
            }
            down.close();
            up.close();
        }
        return y;
    }

    /**
     * Multiplies inputs of {@link Bf16Kernels#MIN_ROWS} rows or more in bf16 from now on (once, at load, after
     * row scales and merges: the float32 weight stays the source for one-row products and for LoRA).
     */
    void useBf16(Bf16Kernels k, ai.djl.pytorch.engine.PtNDManager manager) {
        weightBf16 = k.toBf16(weight, manager);
        biasBf16 = bias == null ? null : k.toBf16(bias, manager);
        kernels = k;
    }

    /** Folds {@code y[:, i] *= factors[i]} into the weight and bias (once, at load, before adapters). */
    void scaleRows(NDArray factors) {
        NDArray w = weight.mul(factors.reshape(out, 1));
        if (!sharedWeight) {
            weight.close();
        }
        sharedWeight = false;
        weight = w;
        if (bias != null) {
            NDArray b = bias.mul(factors);
            bias.close();
            bias = b;
        }
        rowScale = factors;
    }

    /** A LoRA B matrix with this module's row factors applied (closes {@code b} if it makes a new array). */
    NDArray withRowScale(NDArray b) {
        if (rowScale == null) {
            return b;
        }
        NDArray scaled = b.mul(rowScale.reshape(out, 1));
        b.close();
        return scaled;
    }

    /** W += scale B A, once at load; the pair is then dropped. */
    void merge(String adapter) {
        if (kernels != null) {
            throw new IllegalStateException("merge adapters before useBf16: the bf16 copy would be stale");
        }
        Lora l = loras.remove(adapter);
        if (l == null) {
            return;
        }
        NDArray delta = l.scaledB().matMul(l.a());
        NDArray merged = weight.add(delta);
        delta.close();
        if (!sharedWeight) {
            weight.close();
        }
        sharedWeight = false;
        weight = merged;
        l.a().close();
        l.scaledB().close();
    }
}
