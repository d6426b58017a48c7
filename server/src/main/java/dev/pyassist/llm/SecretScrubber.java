package dev.pyassist.llm;

import dev.pyassist.config.LlmSettings;
import dev.pyassist.config.Secret;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * Removes the known secrets (the configured and the environment's API keys) and anything shaped like a provider key
 * from all that an endpoint sends back, before it leaves this package: the answer, each streamed delta, the model
 * name, the finish reason and error messages. An endpoint that echoes the key in a successful answer then cannot
 * put it into an edit, a message, a created file or a dataset. {@link BackendRegistry#start} is the one place that
 * applies it, so every caller of the registry gets scrubbed text.
 */
final class SecretScrubber {

    private final Secret.Values values;

    private SecretScrubber(Secret.Values values) {
        this.values = values;
    }

    static SecretScrubber of(Collection<Secret> secrets) {
        return new SecretScrubber(Secret.scrubbedValues(secrets));
    }

    /**
     * The keys a registry can send: both endpoints' configured keys, and every environment variable named
     * {@code *_API_KEY} (the backends read {@code OPENAI_API_KEY} and {@code ANTHROPIC_API_KEY}).
     */
    static SecretScrubber forSettings(LlmSettings settings, Map<String, String> env) {
        List<Secret> secrets = new ArrayList<>();
        secrets.add(settings.openai().apiKey());
        secrets.add(settings.anthropic().apiKey());
        env.forEach((name, value) -> {
            if (name.toUpperCase(java.util.Locale.ROOT).endsWith("API_KEY")) {
                secrets.add(Secret.of(value));
            }
        });
        return of(secrets);
    }

    String scrub(String text) {
        return text == null ? null : Secret.scrubKeyLike(values.scrub(text));
    }

    LlmResult scrub(LlmResult r) {
        return new LlmResult(scrub(r.text()), r.finishReason(), scrub(r.rawFinishReason()), r.usage(), r.latency(),
                r.timeToFirstToken(), scrub(r.model()), r.backendId(), r.attempts(), scrub(r.responseId()));
    }

    /** The failure with its message scrubbed (an {@link LlmException}'s detail may quote the server's answer). */
    Throwable scrub(Throwable failure) {
        Throwable t = LlmCall.unwrapCompletion(failure);
        if (t instanceof LlmException e) {
            return e.scrubbed(this::scrub);
        }
        return t;
    }

    /** Starts {@code start} with a scrubbing listener and returns the call with its result scrubbed. */
    LlmCall start(TokenListener listener, java.util.function.Function<TokenListener, LlmCall> start) {
        Streaming stream = new Streaming(listener);
        LlmCall inner = start.apply(stream);
        CompletableFuture<LlmResult> result = new CompletableFuture<>();
        inner.result().whenComplete((r, failure) -> {
            if (failure != null) {
                result.completeExceptionally(scrub(failure));
                return;
            }
            try {
                stream.flush();
                result.complete(scrub(r));
            } catch (RuntimeException e) { // the caller's listener threw, as it may
                result.completeExceptionally(e);
            }
        });
        result.whenComplete((r, failure) -> {
            if (failure instanceof CancellationException) {
                inner.cancel(); // result().cancel(true) cancels the call, as the contract says
            }
        });
        return new LlmCall() {
            @Override
            public CompletableFuture<LlmResult> result() {
                return result;
            }

            @Override
            public void cancel() {
                inner.cancel();
            }
        };
    }

    /**
     * Passes deltas on scrubbed. A secret can arrive split over several deltas, so the end of the text that could
     * still be the start of one is held back until the next delta or the end of the answer: the last
     * (longest secret - 1) characters, and a key-like token that may not be complete yet. The text passed on is the
     * whole answer scrubbed, in the same order, only in other pieces.
     */
    private final class Streaming implements TokenListener {
        private final TokenListener listener;
        private final int holdBack;
        private final StringBuilder pending = new StringBuilder();

        Streaming(TokenListener listener) {
            this.listener = listener == null ? TokenListener.NONE : listener;
            this.holdBack = Math.max(0, values.longest() - 1);
        }

        @Override
        public synchronized void onToken(String delta) {
            pending.append(delta);
            String text = values.scrub(pending.toString());
            int cut = Math.max(0, text.length() - holdBack);
            while (cut > 0 && Secret.isKeyChar(text.charAt(cut - 1))) {
                cut--; // never cut a key-like token: its end may come in the next delta
            }
            pending.setLength(0);
            pending.append(text, cut, text.length());
            if (cut > 0) {
                listener.onToken(Secret.scrubKeyLike(text.substring(0, cut)));
            }
        }

        synchronized void flush() {
            if (pending.length() > 0) {
                String rest = scrub(pending.toString());
                pending.setLength(0);
                listener.onToken(rest);
            }
        }
    }
}
