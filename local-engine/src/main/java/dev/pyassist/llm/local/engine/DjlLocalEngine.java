package dev.pyassist.llm.local.engine;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.pyassist.llm.FinishReason;
import dev.pyassist.llm.LlmException;
import dev.pyassist.llm.TokenListener;
import dev.pyassist.llm.local.LocalEngine;
import dev.pyassist.llm.local.LocalGeneration;
import dev.pyassist.llm.local.LocalModelSpec;
import dev.pyassist.llm.local.SamplingOptions;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * A loaded GPTBigCode model with its adapters. Generation prefills the prompt once, then feeds one token per step
 * against the K/V cache; each step's temporaries live in an {@link NDScope} and the cache is freed at the end of
 * the call. Calls are serialised (one model, one set of intra-op threads).
 */
final class DjlLocalEngine implements LocalEngine {

    private final LocalModelSpec spec;
    private final BigCodeModel model;
    private final HuggingFaceTokenizer tokenizer;
    private final Set<String> adapters;
    private volatile boolean closed;

    DjlLocalEngine(LocalModelSpec spec, BigCodeModel model, HuggingFaceTokenizer tokenizer) {
        this.spec = spec;
        this.model = model;
        this.tokenizer = tokenizer;
        this.adapters = java.util.Collections.unmodifiableSet(new TreeSet<>(spec.adapters().keySet()));
    }

    @Override
    public String describe() {
        String ad = adapters.isEmpty() ? "no adapters" : "adapters: " + String.join(", ", adapters)
                + (spec.mergedAdapter() == null ? "" : "; " + spec.mergedAdapter() + " merged");
        return String.format("local gpt_bigcode model at %s (%.1fM parameters; %s)", spec.modelDir(),
                model.parameters() / 1e6, ad);
    }

    @Override
    public Set<String> adapters() {
        return adapters;
    }

    @Override
    public int windowTokens() {
        return model.cfg.nPositions();
    }

    @Override
    public int countTokens(String text) {
        return encode(text == null ? "" : text).length;
    }

    long[] encode(String text) {
        return tokenizer.encode(text, false, false).getIds();
    }

    String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    BigCodeModel model() {
        return model;
    }

    /** The adapter to apply at run time: {@code null} for the base model or when the requested one is merged. */
    private String runtimeAdapter(String adapter) {
        if (adapter == null) {
            return null;
        }
        if (!adapters.contains(adapter)) {
            throw Problems.misconfigured("unknown adapter '" + adapter + "'; this model has " + adapters);
        }
        if (spec.mergedAdapter() != null) {
            if (!adapter.equals(spec.mergedAdapter())) {
                throw Problems.misconfigured("adapter '" + spec.mergedAdapter() + "' is merged into the weights, "
                        + "so adapter '" + adapter + "' cannot be used; load the model without a merged adapter "
                        + "to switch between them");
            }
            return null;
        }
        return adapter;
    }

    @Override
    public synchronized LocalGeneration generate(String prompt, String adapter, SamplingOptions options,
                                                 TokenListener out, BooleanSupplier cancelled) {
        long t0 = System.nanoTime();
        if (closed) {
            throw Problems.misconfigured("the local engine has been closed");
        }
        String active = runtimeAdapter(adapter);
        BooleanSupplier isCancelled = cancelled == null ? () -> false : cancelled;
        long[] promptIds = encode(prompt == null ? "" : prompt);
        ModelConfig cfg = model.cfg;
        if (promptIds.length == 0) {
            if (cfg.bosId() < 0) {
                throw new LlmException(LlmException.Kind.INVALID_REQUEST, Problems.BACKEND,
                        "the prompt is empty and the model has no bos_token_id to start from");
            }
            promptIds = new long[] {cfg.bosId()};
        }
        int room = cfg.nPositions() - promptIds.length;
        if (room <= 0) {
            throw new LlmException(LlmException.Kind.INVALID_REQUEST, Problems.BACKEND, "the prompt is "
                    + promptIds.length + " tokens; the model's context is " + cfg.nPositions() + " tokens");
        }
        int maxNew = Math.min(options.maxNewTokens(), room);
        boolean nativeArgmax = options.isGreedy() && options.repetitionPenalty() == 1;
        Sampler sampler = new Sampler(options);
        long[] seen = Arrays.copyOf(promptIds, promptIds.length + maxNew);
        int nSeen = promptIds.length;
        TextStreamer streamer = new TextStreamer(this::decode, options.stop(), out);
        // with nobody listening and no stop sequences, decode once at the end instead of every step
        boolean incremental = (out != null && out != TokenListener.NONE) || !options.stop().isEmpty();
        FinishReason finish = FinishReason.LENGTH;
        long firstToken = 0;
        int generated = 0;
        try (KvCache cache = new KvCache(cfg.nLayer())) {
            long[] input = promptIds;
            while (generated < maxNew) {
                if (isCancelled.getAsBoolean()) {
                    throw Problems.cancelled();
                }
                int next;
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray logits = model.forward(input, cache, active, false);
                    next = nativeArgmax ? (int) logits.argMax().getLong()
                            : sampler.next(logits.toFloatArray(), seen, nSeen);
                }
                if (generated == 0) {
                    firstToken = System.nanoTime() - t0;
                }
                seen[nSeen++] = next;
                generated++;
                if (next == cfg.eosId()) {
                    finish = FinishReason.STOP;
                    break;
                }
                if (incremental && streamer.update(Arrays.copyOfRange(seen, promptIds.length, nSeen), generated)) {
                    finish = FinishReason.STOP_SEQUENCE;
                    break;
                }
                input = new long[] {next};
            }
        } catch (ai.djl.engine.EngineException e) {
            // a listener's own exception propagates unchanged (TokenListener's contract)
            throw Problems.engineFailure("generation failed", e);
        }
        if (!incremental) {
            int textIds = finish == FinishReason.STOP ? generated - 1 : generated;
            streamer.update(Arrays.copyOfRange(seen, promptIds.length, promptIds.length + textIds), textIds);
        }
        String text = streamer.finish();
        int[] ids = new int[generated];
        for (int i = 0; i < generated; i++) {
            ids[i] = (int) seen[promptIds.length + i];
        }
        return new LocalGeneration(text, ids, promptIds.length, finish, firstToken, System.nanoTime() - t0);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            model.close();
            tokenizer.close();
        }
    }
}
