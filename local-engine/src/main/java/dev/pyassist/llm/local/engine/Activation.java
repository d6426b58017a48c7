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
            default:
                // the tanh approximation 0.5 x (1 + tanh(z)), z = sqrt(2/pi) (x + 0.044715 x^3), written as
                // x sigmoid(2z) = x sigmoid(x (2c + 2c 0.044715 x^2)): the same function in 5 native ops instead of 9
                NDArray z = x.mul(x).muli((float) (2 * SQRT_2_OVER_PI * 0.044715)).addi((float) (2 * SQRT_2_OVER_PI))
                        .muli(x);
                NDArray s = ai.djl.nn.Activation.sigmoid(z);
                z.close();
                return s.muli(x);
        }
    }
}
