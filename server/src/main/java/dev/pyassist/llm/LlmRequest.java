package dev.pyassist.llm;

import dev.pyassist.config.LlmSettings;
import dev.pyassist.config.LlmTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A generation request, independent of any provider or transport.
 *
 * @param task        what it is for (routing and defaults)
 * @param messages    the conversation; system messages may appear anywhere but are normally first
 * @param model       the model, or {@code null} for the task's / backend's default
 * @param maxTokens   output limit, or {@code null} for the task's default (see {@link LlmSettings.TaskSettings})
 * @param temperature sampling temperature, or {@code null} for the backend's own default
 * @param stop        stop sequences (possibly empty)
 * @param stream      whether to stream text deltas (server-sent events for remote backends)
 * @param raw         the one user message is a raw prompt to continue (a fill-in-the-middle prompt): sent as the
 *                    {@code prompt} of a completions endpoint ({@code /v1/completions}) or to the local engine as it
 *                    is, without a chat layout; only backends whose {@link LlmBackend#continuesRawPrompts()} is
 *                    true take it
 */
public record LlmRequest(
        LlmTask task,
        List<LlmMessage> messages,
        String model,
        Integer maxTokens,
        Double temperature,
        List<String> stop,
        boolean stream,
        boolean raw) {

    public LlmRequest {
        Objects.requireNonNull(task, "task");
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one message");
        }
        if (maxTokens != null && maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
        }
        stop = stop == null ? List.of() : List.copyOf(stop);
        if (raw && messages.size() != 1) {
            throw new IllegalArgumentException("a raw request has exactly one message, the prompt");
        }
    }

    /** A chat request (not {@link #raw}). */
    public LlmRequest(LlmTask task, List<LlmMessage> messages, String model, Integer maxTokens, Double temperature,
            List<String> stop, boolean stream) {
        this(task, messages, model, maxTokens, temperature, stop, stream, false);
    }

    /** The prompt of a {@link #raw} request. */
    public String prompt() {
        return messages.get(0).content();
    }

    public static Builder builder(LlmTask task) {
        return new Builder(task);
    }

    public LlmRequest withModel(String newModel) {
        return new LlmRequest(task, messages, newModel, maxTokens, temperature, stop, stream, raw);
    }

    public LlmRequest withMaxTokens(Integer newMaxTokens) {
        return new LlmRequest(task, messages, model, newMaxTokens, temperature, stop, stream, raw);
    }

    public LlmRequest withTemperature(Double newTemperature) {
        return new LlmRequest(task, messages, model, maxTokens, newTemperature, stop, stream, raw);
    }

    public LlmRequest withStream(boolean newStream) {
        return new LlmRequest(task, messages, model, maxTokens, temperature, stop, newStream, raw);
    }

    /** Builds a request; streaming is on by default. */
    public static final class Builder {
        private final LlmTask task;
        private final List<LlmMessage> messages = new ArrayList<>();
        private final List<String> stop = new ArrayList<>();
        private String model;
        private Integer maxTokens;
        private Double temperature;
        private boolean stream = true;
        private boolean raw;

        private Builder(LlmTask task) {
            this.task = Objects.requireNonNull(task, "task");
        }

        public Builder system(String content) {
            messages.add(LlmMessage.system(content));
            return this;
        }

        public Builder user(String content) {
            messages.add(LlmMessage.user(content));
            return this;
        }

        public Builder assistant(String content) {
            messages.add(LlmMessage.assistant(content));
            return this;
        }

        public Builder message(LlmMessage message) {
            messages.add(Objects.requireNonNull(message));
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder maxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        public Builder stop(String... sequences) {
            stop.addAll(List.of(sequences));
            return this;
        }

        public Builder stream(boolean stream) {
            this.stream = stream;
            return this;
        }

        /** A raw prompt to continue (see {@link LlmRequest#raw}): the request's one message. */
        public Builder rawPrompt(String prompt) {
            messages.add(LlmMessage.user(prompt));
            raw = true;
            return this;
        }

        public LlmRequest build() {
            return new LlmRequest(task, messages, model, maxTokens, temperature, stop, stream, raw);
        }
    }
}
