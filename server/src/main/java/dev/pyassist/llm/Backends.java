package dev.pyassist.llm;

import dev.pyassist.config.LlmSettings;
/**
 * Makes the backend registry for a set of LLM settings (the server makes a new one whenever the {@code llm}
 * section changes). The injector's is {@link BackendRegistry#withAllBackends}; a test module can route every task
 * to a mock instead.
 */
@FunctionalInterface
public interface Backends {
    BackendRegistry registry(LlmSettings settings);
}
