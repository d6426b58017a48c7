/**
 * Text generation behind one small interface, {@link dev.pyassist.llm.LlmBackend}: remote HTTP backends
 * (OpenAI-compatible chat completions, Anthropic Messages; in {@code dev.pyassist.llm.remote}) and the local
 * in-process engine ({@code "local"}, in {@code dev.pyassist.llm.local}: a StarCoder-family model with LoRA adapters,
 * run by the separately built engine jar).
 *
 * <h2>Use</h2>
 * <pre>{@code
 * BackendRegistry llm = BackendRegistry.withAllBackends(settings, System.getenv(), localEngineHost);
 * LlmCall call = llm.start(LlmRequest.builder(LlmTask.SUMMARIZE)
 *         .system("You write PEP 257 docstrings.").user(code).stop("\"\"\"").build(),
 *     delta -> progress.report(delta));
 * cancelToken.onCancel(call::cancel);              // aborts the HTTP exchange
 * call.result().whenComplete((result, error) -> ...); // error: LlmException, show error.getMessage()
 * }</pre>
 *
 * <h2>Settings</h2>
 * {@link dev.pyassist.config.LlmSettings} is deserialised with Jackson from the {@code pyassist.llm} section (every field
 * optional; unknown fields ignored; precedence: settings, then environment, then defaults):
 * <pre>{@code
 * {
 *   "defaultBackend": "openai",                 // or "anthropic", "local"; default: anthropic if only ANTHROPIC_* env is set
 *   "openai": {                                 // any OpenAI-compatible server
 *     "baseUrl": "http://localhost:11434/v1",   // default $OPENAI_BASE_URL, else https://api.openai.com/v1
 *     "apiKey": "sk-...",                       // default $OPENAI_API_KEY; optional for non-openai.com hosts
 *     "apiKeyRequired": false,                  // default: true only for *.openai.com
 *     "model": "qwen2.5-coder:7b",              // default gpt-4o-mini
 *     "maxTokensParameter": "max_tokens",       // or "max_completion_tokens" (newer OpenAI models)
 *     "connectTimeoutMs": 10000, "timeoutMs": 120000,
 *     "maxRetries": 2, "retryBaseDelayMs": 500, "maxRetryDelayMs": 30000,
 *     "maxResponseBytes": 8388608, "maxTokens": 1024
 *   },
 *   "anthropic": {
 *     "baseUrl": "https://api.anthropic.com",   // default $ANTHROPIC_BASE_URL, else this
 *     "apiKey": "sk-ant-...",                   // default $ANTHROPIC_API_KEY; required
 *     "model": "claude-sonnet-4-5",
 *     "anthropicVersion": "2023-06-01"
 *     // + the same timeout / retry / size fields as "openai"
 *   },
 *   "local": {                                  // the in-process engine; loaded on the first task routed to "local"
 *     "model": "/models/tiny_starcoder_py",     // config.json, model.safetensors, tokenizer.json
 *     "adapters": {"summarize": "/adapters/sum"}, // PEFT LoRA folders by task; unmerged, switched per task
 *     "mergeAdapter": "",                       // a task whose adapter is merged in for speed
 *     "threads": 0,                             // 0: all cores
 *     "engineJar": "",                          // default $PYASSIST_LOCAL_ENGINE_JAR, else next to pyassist.jar
 *     "topK": 0, "topP": 1.0, "repetitionPenalty": 1.0
 *   },
 *   "tasks": {                                  // keys: summarize, translate, generate, ask, classify, complete
 *     "summarize": { "backend": "anthropic", "model": "claude-haiku-4-5", "maxTokens": 512, "temperature": 0.2 },
 *     "classify":  { "backend": "openai", "maxTokens": 16, "temperature": 0 }
 *   }
 * }
 * }</pre>
 * Task defaults (maxTokens / temperature): summarize 512 / 0.2, translate 4096 / 0.1, generate 2048 / 0.2,
 * ask 2048 / 0.3, classify 16 / 0.0, complete 128 / 0.0 (greedy).
 *
 * <h2>Secrets</h2>
 * Keys are held in {@link dev.pyassist.config.Secret}, whose {@code toString} and JSON form are redacted; request dumps
 * in logs redact authentication headers; error messages are scrubbed of key-like tokens. Everything a call started
 * with {@link dev.pyassist.llm.BackendRegistry#start} gives back (deltas, text, model name, errors) is also scrubbed of
 * the configured and the environment's keys ({@code SecretScrubber}), so an endpoint echoing the key cannot get it
 * into an edit, a message, a file or a dataset. Logging goes to the
 * {@code java.util.logging} logger {@code dev.pyassist.llm} (FINE: requests and results; INFO: retries; never
 * prompts or keys).
 */
package dev.pyassist.llm;
