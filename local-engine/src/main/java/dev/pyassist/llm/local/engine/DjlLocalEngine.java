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
 * A loaded GPTBigCode model with its adapters. Generation prefills the prompt, then feeds one token per step
 * against the K/V cache; each step's temporaries live in an {@link NDScope}. Calls are serialised (one model, one
 * set of intra-op threads).
 *
 * <p>The K/V cache outlives the call (the prompt cache llama.cpp keeps): the next call with the same adapter keeps
 * the positions its prompt shares with the tokens already cached, and computes only the rest. Consecutive
 * completion requests differ in the last few tokens, so the next keystroke costs those tokens, not the whole
 * prompt. The prompt is prefilled in chunks of {@link #PREFILL_CHUNK} tokens with a cancellation check between
 * them; the chunks done before a cancellation stay cached for the request that replaced it.
 */
final class DjlLocalEngine implements LocalEngine {

    private final LocalModelSpec spec;
    private final BigCodeModel model;
    private final HuggingFaceTokenizer tokenizer;
    private final Set<String> adapters;
    private volatile boolean closed;
    /** Prefill step between two cancellation checks. */
    static final int PREFILL_CHUNK = 256;
    private int prefillChunk = PREFILL_CHUNK;
    /** The K/V of {@code residentIds[0 .. resident.length)} under {@code residentAdapter}; null when none. */
    private KvCache resident;
    private long[] residentIds = new long[0];
    private String residentAdapter;

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
        return String.format("local gpt_bigcode model at %s (%.1fM parameters; %s%s)", spec.modelDir(),
                model.parameters() / 1e6, ad, model.bf16() ? "; bf16 prefill" : "");
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
        KvCache cache = reuse(promptIds, active);
        int reused = cache.length;
        // with nobody listening and no stop sequences, decode once at the end instead of every step
        boolean incremental = (out != null && out != TokenListener.NONE) || !options.stop().isEmpty();
        FinishReason finish = FinishReason.LENGTH;
        long firstToken = 0;
        int generated = 0;
        boolean keep = false;
        try {
            int pos = reused;
            while (promptIds.length - pos > prefillChunk) {
                if (isCancelled.getAsBoolean()) {
                    keep = true;
                    remember(cache, promptIds, active);
                    throw Problems.cancelled();
                }
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    model.forward(Arrays.copyOfRange(promptIds, pos, pos + prefillChunk), cache, active, false);
                }
                pos += prefillChunk;
            }
            long[] input = Arrays.copyOfRange(promptIds, pos, promptIds.length);
            while (generated < maxNew) {
                if (isCancelled.getAsBoolean()) {
                    keep = true;
                    remember(cache, seen, active);
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
            keep = true;
            remember(cache, seen, active);
        } catch (ai.djl.engine.EngineException e) {
            // a listener's own exception propagates unchanged (TokenListener's contract)
            throw Problems.engineFailure("generation failed", e);
        } finally {
            if (!keep) { // a failed step may have left the cache half-written
                cache.close();
                resident = null;
                residentIds = new long[0];
            }
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
        return new LocalGeneration(text, ids, promptIds.length, reused, finish, firstToken, System.nanoTime() - t0);
    }

    /**
     * The resident cache cut to the positions {@code promptIds} shares with it (at least one prompt token is left
     * to compute, for its logits), or a new empty cache when nothing is shared or the adapter differs.
     */
    private KvCache reuse(long[] promptIds, String adapter) {
        KvCache old = resident;
        resident = null;
        if (old != null && java.util.Objects.equals(residentAdapter, adapter)) {
            int limit = Math.min(Math.min(old.length, residentIds.length), promptIds.length - 1);
            int common = 0;
            while (common < limit && residentIds[common] == promptIds[common]) {
                common++;
            }
            if (common > 0) {
                old.truncate(common);
                return old;
            }
        }
        if (old != null) {
            old.close();
        }
        return new KvCache(model.cfg.nLayer());
    }

    /** Keeps {@code cache} for the next call: it holds the K/V of the first {@code cache.length} of {@code ids}. */
    private void remember(KvCache cache, long[] ids, String adapter) {
        resident = cache;
        residentIds = Arrays.copyOf(ids, cache.length);
        residentAdapter = adapter;
    }

    /** A smaller prefill chunk, for a test model with a short context. */
    synchronized void prefillChunk(int tokens) {
        prefillChunk = Math.max(1, tokens);
    }

    /** Frees the resident K/V cache (benchmarks' cold runs; tests count native arrays without it). */
    @Override
    public synchronized void dropPrefixCache() {
        if (resident != null) {
            resident.close();
            resident = null;
            residentIds = new long[0];
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            dropPrefixCache();
            model.close();
            tokenizer.close();
        }
    }
}
