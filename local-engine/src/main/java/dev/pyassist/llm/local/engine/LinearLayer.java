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
        NDArray y = bias == null ? ai.djl.nn.core.Linear.linear(x, weight).singletonOrThrow()
                : ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
        Lora l = adapter == null ? null : loras.get(adapter);
        if (l != null) {
            NDArray down = ai.djl.nn.core.Linear.linear(x, l.a()).singletonOrThrow();
            NDArray up = ai.djl.nn.core.Linear.linear(down, l.scaledB()).singletonOrThrow();
            y.addi(up);
            down.close();
            up.close();
        }
        return y;
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
