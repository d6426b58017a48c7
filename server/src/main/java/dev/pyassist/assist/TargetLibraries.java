package dev.pyassist.assist;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per target language, what becomes of a Python library in a translation: what to use instead where something exists,
 * and whether that blocks the translation (no faithful counterpart) or becomes a caveat listed with the result.
 * A library not in the table is mapped to the nearest one, with a caveat.
 */
final class TargetLibraries {

    /**
     * One library in one target.
     *
     * @param alternative what to use instead, or null when nothing comes close
     * @param blocks      whether the translation stops (nothing is sent to the model)
     */
    record Entry(String alternative, boolean blocks) {}

    /** What the library is, for messages. */
    private static final Map<String, String> WHAT = new LinkedHashMap<>();
    private static final Map<String, Map<Language, Entry>> TABLE = new LinkedHashMap<>();

    private static Entry block(String alternative) {
        return new Entry(alternative, true);
    }

    private static Entry caveat(String alternative) {
        return new Entry(alternative, false);
    }

    private static void put(String library, String what, Entry java, Entry cpp, Entry js, Entry go) {
        WHAT.put(library, what);
        Map<Language, Entry> m = new EnumMap<>(Language.class);
        m.put(Language.JAVA, java);
        m.put(Language.CPP, cpp);
        m.put(Language.JAVASCRIPT, js);
        m.put(Language.GO, go);
        TABLE.put(library, m);
    }

    static {
        put("numpy", "n-dimensional arrays with broadcasting", block("ND4J or EJML, with different semantics"),
                caveat("Eigen or xtensor (xtensor follows numpy's broadcasting)"), block(null),
                block("gonum covers matrices, not broadcasting"));
        put("pandas", "data frames", block("Tablesaw covers part of it"), block(null),
                block("Danfo.js covers part of it"), block("gota covers part of it"));
        put("scipy", "its numerical routines", block("Apache Commons Math covers part of it"),
                block("Eigen, Boost.Math or GSL cover parts of it"), block(null), block("gonum covers part of it"));
        put("sklearn", "its estimators", block("Smile covers part of it"), block(null), block(null), block(null));
        put("torch", "tensors and autograd", block("DJL, with different APIs"),
                caveat("LibTorch, PyTorch's own C++ API"), block(null), block(null));
        put("tensorflow", "tensors and graphs", block(null), block(null), caveat("TensorFlow.js"), block(null));
        put("keras", "its models and layers", block(null), block(null), caveat("TensorFlow.js's layers API"),
                block(null));
        put("jax", "traced array programs", block(null), block(null), block(null), block(null));
        put("transformers", "its pretrained models", block("DJL covers part of it"), block(null),
                caveat("Transformers.js"), block(null));
        put("openai", "the OpenAI API client", caveat("the official openai-java SDK"),
                block("no official SDK: call the REST API with an HTTP client"), caveat("the official openai npm package"),
                caveat("the official openai-go SDK"));
        put("anthropic", "the Anthropic API client", caveat("the official anthropic-java SDK"),
                block("no official SDK: call the REST API with an HTTP client"),
                caveat("the official @anthropic-ai/sdk npm package"), caveat("the official anthropic-sdk-go SDK"));
        put("matplotlib", "its plotting API", block("XChart or JFreeChart, with a different API"), block(null),
                block("Plotly.js or Chart.js, with a different API"), block("gonum/plot, with a different API"));
        put("seaborn", "its plotting API", block(null), block(null), block(null), block(null));
        put("cv2", "OpenCV's Python bindings", caveat("OpenCV's Java bindings"), caveat("OpenCV itself (its C++ API)"),
                caveat("OpenCV.js"), caveat("GoCV"));
        put("django", "the Django framework", block(null), block(null), block(null), block(null));
        put("sympy", "symbolic algebra", block(null), block("SymEngine covers part of it"), block(null), block(null));
        put("importlib", "importing modules by name at run time", block(null), block(null),
                caveat("dynamic import()"), block(null));
        put("ctypes", "calling C through ctypes", block("JNI or the Foreign Function API"),
                caveat("calling the C functions directly"), block(null), caveat("cgo"));
        put("pickle", "Python object serialisation", block("an explicit format such as JSON"),
                block("an explicit format such as JSON"), block("an explicit format such as JSON"),
                block("an explicit format such as JSON"));
    }

    private TargetLibraries() {
    }

    /** The entry for a top-level module name in a target, empty when the table has none. */
    static Optional<Entry> lookup(String library, Language target) {
        Map<Language, Entry> m = TABLE.get(library);
        return m == null ? Optional.empty() : Optional.of(m.get(target));
    }

    /** The sentence for a library that has an entry. */
    static String describe(String library, Language target, Entry e) {
        String head = "it uses '" + library + "' (" + WHAT.get(library) + ")";
        if (e.blocks()) {
            return head + ", which has no faithful counterpart in " + target.display()
                    + (e.alternative() == null ? "" : " (closest: " + e.alternative() + ")");
        }
        return "'" + library + "' becomes " + e.alternative() + "; check that the behaviour matches";
    }
}
