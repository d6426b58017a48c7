package dev.pyassist.llm.local.engine;

import ai.djl.ndarray.NDArray;

/**
 * Keys and values of the tokens seen so far, per layer: {@code [S, head_dim]} for multi-query (one shared head),
 * {@code [S, n_head, head_dim]} otherwise. Grown by concatenation each step; the arrays are outside any
 * {@link ai.djl.ndarray.NDScope} and freed by {@link #close()}.
 */
final class KvCache implements AutoCloseable {

    final NDArray[] keys;
    final NDArray[] values;
    int length;

    KvCache(int layers) {
        keys = new NDArray[layers];
        values = new NDArray[layers];
    }

    void put(int layer, NDArray k, NDArray v) {
        if (keys[layer] != null && keys[layer] != k) {
            keys[layer].close();
        }
        if (values[layer] != null && values[layer] != v) {
            values[layer].close();
        }
        keys[layer] = k;
        values[layer] = v;
    }

    /** Keeps the first {@code n} positions of every layer (the prompt prefix a new request shares). */
    void truncate(int n) {
        if (n >= length) {
            return;
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                put(i, keys[i].get(new ai.djl.ndarray.index.NDIndex().addSliceDim(0, n)),
                        values[i].get(new ai.djl.ndarray.index.NDIndex().addSliceDim(0, n)));
            }
        }
        length = n;
    }

    @Override
    public void close() {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                keys[i].close();
                keys[i] = null;
            }
            if (values[i] != null) {
                values[i].close();
                values[i] = null;
            }
        }
        length = 0;
    }
}
