package dev.pyassist.llm.local;

import dev.pyassist.llm.TokenListener;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A loaded local model with its resident adapters. Thread safe: concurrent {@link #generate} calls are allowed
 * (an implementation may serialise them).
 */
public interface LocalEngine extends AutoCloseable {

    /** For messages, e.g. {@code "local gpt_bigcode model at /m (124M parameters; adapters: summarize, generate)"}. */
    String describe();

    /** Names of the resident adapters (the keys of {@link LocalModelSpec#adapters()}). */
    Set<String> adapters();

    /**
     * Generates a continuation of {@code prompt} on the calling thread.
     *
     * @param prompt    the raw prompt text (no chat template is applied here)
     * @param adapter   a name from {@link #adapters()}, or {@code null} for the base model
     * @param options   sampling, limits and stop sequences
     * @param out       receives decoded text deltas as tokens are produced (never text past a stop sequence)
     * @param cancelled polled between tokens; when it returns true generation stops with
     *                  {@link dev.pyassist.llm.LlmException} of kind {@code CANCELLED}
     * @throws dev.pyassist.llm.LlmException {@code MISCONFIGURED} for an unknown adapter, {@code CANCELLED}, or
     *                                       {@code SERVER_ERROR} when the engine itself fails
     */
    LocalGeneration generate(String prompt, String adapter, SamplingOptions options, TokenListener out,
                             BooleanSupplier cancelled);

    /** The model's context window in tokens ({@code n_positions}), or -1 when the engine cannot tell. */
    default int windowTokens() {
        return -1;
    }

    /** How many tokens {@code text} is for this model's tokenizer, or -1 when the engine cannot tell. */
    default int countTokens(String text) {
        return -1;
    }

    /**
     * Forgets the K/V cache an engine may keep across calls (the shared prompt prefix of consecutive requests), so
     * the next call computes its whole prompt: a benchmark's cold run. Engines without one do nothing.
     */
    default void dropPrefixCache() {
    }

    /** Frees native memory. */
    @Override
    void close();
}
