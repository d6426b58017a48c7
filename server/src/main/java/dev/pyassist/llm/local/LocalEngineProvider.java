package dev.pyassist.llm.local;

/**
 * Implemented by the engine jar and registered in its {@code META-INF/services}. One provider per jar.
 */
public interface LocalEngineProvider {

    /**
     * Loads a model folder and its adapters (seconds for real models). Bad input (pickle files, a truncated or lying
     * safetensors file, an adapter that does not fit the model, a missing tokenizer) throws
     * {@link dev.pyassist.llm.LlmException} of kind {@code MISCONFIGURED} whose message names the file and the problem.
     */
    LocalEngine load(LocalModelSpec spec);
}
