package dev.pyassist.llm.local.engine;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** The MLP activations of {@code transformers}' {@code ACT2FN} that gpt_bigcode checkpoints use. */
final class Activation {

    static final List<String> SUPPORTED = List.of("gelu_pytorch_tanh", "gelu_new", "gelu_fast", "gelu",
            "relu");
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    private Activation() {
    }

    static boolean isSupported(String name) {
        return SUPPORTED.contains(name);
    }

    /** Applies the activation; may reuse {@code x} in place (the caller owns it and no longer needs it). */
    static NDArray apply(String name, NDArray x) {
        switch (name) {
            case "gelu":
                return ai.djl.nn.Activation.gelu(x);
            case "relu":
                return x.maximum(0f);
            default: // the tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
                NDArray inner = x.mul(x).muli(x).muli(0.044715f).addi(x).muli((float) SQRT_2_OVER_PI);
                NDArray t = inner.tanh();
                inner.close();
                NDArray out = t.addi(1f).muli(x).muli(0.5f);
                return out;
        }
    }
}
