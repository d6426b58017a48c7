package dev.pyassist.llm.local.engine;

import ai.djl.ndarray.NDArray;

/**
 * One LoRA pair on one linear module, applied unmerged: {@code y += (x A^T) (scale B)^T}. {@code scaledB} already
 * carries the scale, so a step costs two thin matrix products and an add.
 *
 * @param a       {@code [r, in]}
 * @param scaledB {@code [out, r]}, times alpha/r (or alpha/sqrt(r) for rsLoRA)
 */
record Lora(NDArray a, NDArray scaledB) {
}
