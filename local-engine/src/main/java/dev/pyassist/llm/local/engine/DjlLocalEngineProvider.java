package dev.pyassist.llm.local.engine;

import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtEngineProvider;
import ai.djl.pytorch.jni.JniUtils;
import dev.pyassist.files.SafeMessages;
import dev.pyassist.llm.LlmException;
import dev.pyassist.llm.local.LocalEngine;
import dev.pyassist.llm.local.LocalEngineProvider;
import dev.pyassist.llm.local.LocalModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The engine jar's provider: loads a gpt_bigcode folder and its LoRA adapters on DJL's PyTorch engine (libtorch
 * natives from the jar, {@code ai.djl.offline=true} so nothing is downloaded).
 */
public final class DjlLocalEngineProvider implements LocalEngineProvider {

    static final String CONVERT_HINT = "AutoModelForCausalLM.from_pretrained(folder).save_pretrained(folder, "
            + "safe_serialization=True)";

    @Override
    public LocalEngine load(LocalModelSpec spec) {
        // DJL looks engines and native libraries up through the context class loader: make it this jar's loader
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(DjlLocalEngineProvider.class.getClassLoader());
        try {
            return loadHere(spec);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private LocalEngine loadHere(LocalModelSpec spec) {
        Path dir = spec.modelDir();
        if (!Files.isDirectory(dir)) {
            throw Problems.misconfigured(dir, "the local model folder does not exist");
        }
        ModelConfig cfg = ModelConfig.read(dir.resolve("config.json"));
        Checkpoint ckpt = Checkpoint.open(dir, "model.safetensors", CONVERT_HINT);
        Path tokFile = dir.resolve("tokenizer.json");
        if (!EngineFiles.present(tokFile)) {
            throw Problems.misconfigured(dir, "tokenizer.json is missing; save the tokenizer next to the model "
                    + "(AutoTokenizer.from_pretrained(...).save_pretrained(folder))");
        }
        Path tokReal = EngineFiles.tokenizer(tokFile, dir); // regular, in the folder, small enough for the heap
        NDManager weights = pytorch().newBaseManager();
        BigCodeModel model = null;
        HuggingFaceTokenizer tokenizer = null;
        try {
            if (spec.threads() > 0) {
                JniUtils.setNumThreads(spec.threads());
            }
            model = new BigCodeModel(cfg, ckpt, weights);
            for (Map.Entry<String, Path> a : new java.util.TreeMap<>(spec.adapters()).entrySet()) {
                LoraLoader.load(a.getKey(), a.getValue(), model);
            }
            if (spec.mergedAdapter() != null) {
                for (LinearLayer l : model.linears().values()) {
                    l.merge(spec.mergedAdapter());
                }
            }
            Bf16Kernels kernels = Bf16Kernels.ifWanted((ai.djl.pytorch.engine.PtNDManager) weights);
            if (kernels != null) {
                model.useBf16(kernels);
            }
            try {
                tokenizer = HuggingFaceTokenizer.newInstance(tokReal,
                        Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
            } catch (IOException | RuntimeException e) {
                throw Problems.misconfigured(tokFile, "cannot load the tokenizer ("
                        + SafeMessages.withoutQuotes(e.getMessage()) + ")"); // the library may quote the file
            }
            return new DjlLocalEngine(spec, model, tokenizer);
        } catch (LlmException e) {
            weights.close();
            throw e;
        } catch (RuntimeException e) {
            weights.close();
            throw Problems.engineFailure("loading " + dir + " failed", e);
        }
    }

    /**
     * DJL's PyTorch engine, registered explicitly: the server may load this jar in its own class loader, where
     * DJL's {@code ServiceLoader} lookup (through the context class loader) would not see the provider.
     */
    static synchronized Engine pytorch() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        OpenMp.boundSpinning(); // before libtorch loads (Engine.getEngine below, on first use)
        if (!Engine.hasEngine("PyTorch")) {
            Engine.registerEngine(new PtEngineProvider());
        }
        try {
            return Engine.getEngine("PyTorch");
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new LlmException(LlmException.Kind.MISCONFIGURED, Problems.BACKEND, "libtorch could not be "
                    + "loaded (" + e.getMessage() + "); the engine jar bundles it for linux-x86_64", null, e);
        }
    }
}
