package dev.pyassist.llm.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pyassist.llm.LlmMessage;
import dev.pyassist.llm.LlmRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Locale;

/**
 * OpenAI-compatible chat completions ({@code POST {baseUrl}/chat/completions}): OpenAI, Ollama, vLLM, llama.cpp
 * server, LM Studio. Sends {@code Authorization: Bearer} when a key is configured; streams with
 * {@code stream_options.include_usage} so the last chunk carries token usage. A {@link LlmRequest#raw} request (a
 * fill-in-the-middle prompt) goes to the legacy text completions endpoint beside it
 * ({@code POST {baseUrl}/completions}, {@code prompt} instead of {@code messages}, answers in
 * {@code choices[0].text}), which the same servers offer for code models.
 */
public final class OpenAiBackend extends HttpBackend {

    public OpenAiBackend(String id, EndpointConfig cfg) {
        this(id, cfg, null, null);
    }

    public OpenAiBackend(String id, EndpointConfig cfg, HttpClient client, Clock clock) {
        super(id, cfg, client, clock);
    }

    @Override
    public boolean continuesRawPrompts() {
        return true;
    }

    @Override
    protected URI endpoint(LlmRequest request) {
        return request.raw() ? completionsEndpoint(cfg.endpoint()) : cfg.endpoint();
    }

    /** {@code .../chat/completions} to {@code .../completions}. */
    static URI completionsEndpoint(URI chat) {
        String path = chat.getRawPath();
        String chatSuffix = "/chat/completions";
        String base = path.endsWith(chatSuffix) ? path.substring(0, path.length() - chatSuffix.length()) : path;
        try {
            return new URI(chat.getScheme(), null, chat.getHost(), chat.getPort(), base + "/completions",
                    chat.getQuery(), null);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("bad endpoint " + EndpointConfig.safeUrl(chat.toString()), e);
        }
    }

    @Override
    protected ObjectNode requestBody(LlmRequest request, String model, int maxTokens) {
        ObjectNode n = JSON.createObjectNode();
        n.put("model", model);
        if (request.raw()) {
            n.put("prompt", request.prompt());
        } else {
            ArrayNode messages = n.putArray("messages");
            for (LlmMessage m : request.messages()) {
                messages.addObject().put("role", m.role().name().toLowerCase(Locale.ROOT)).put("content", m.content());
            }
        }
        n.put(cfg.maxTokensParameter(), maxTokens);
        if (request.temperature() != null) {
            n.put("temperature", request.temperature());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stop = n.putArray("stop");
            request.stop().forEach(stop::add);
        }
        n.put("stream", request.stream());
        if (request.stream()) {
            n.putObject("stream_options").put("include_usage", true);
        }
        return n;
    }

    @Override
    protected void addHeaders(HttpRequest.Builder builder) {
        if (cfg.apiKey() != null) {
            builder.header("Authorization", "Bearer " + cfg.apiKey().reveal());
        }
    }

    @Override
    protected void onStreamEvent(SseEvent event, Accumulator acc) {
        String data = event.data().strip();
        if (data.equals("[DONE]")) {
            acc.done();
            return;
        }
        if (data.isEmpty()) {
            return;
        }
        JsonNode chunk = parseJson(data);
        if (chunk.hasNonNull("error")) {
            throw streamError(errorInBody(chunk.get("error")));
        }
        acc.model(chunk.path("model").asText(null));
        acc.responseId(chunk.path("id").asText(null));
        JsonNode choices = chunk.path("choices");
        if (choices.isArray() && choices.size() > 0) {
            JsonNode choice = choices.get(0);
            JsonNode content = choice.has("text") ? choice.path("text") : choice.path("delta").path("content");
            if (content.isTextual()) {
                acc.emit(content.asText());
            }
            JsonNode finish = choice.path("finish_reason");
            if (finish.isTextual()) {
                acc.finish(finish.asText());
            }
        }
        usage(chunk.path("usage"), acc);
    }

    @Override
    protected boolean streamComplete(Accumulator acc) {
        // [DONE] is the marker; some servers end the stream after the finish_reason chunk without one.
        return acc.isDone() || acc.finishReason() != null;
    }

    @Override
    protected void parseFull(JsonNode root, Accumulator acc) {
        JsonNode choices = root.path("choices");
        if (!choices.isArray() || choices.size() == 0) {
            throw badResponse("the answer has no choices", null);
        }
        JsonNode choice = choices.get(0);
        JsonNode content = choice.has("text") ? choice.path("text") : choice.path("message").path("content");
        if (!content.isTextual() && !content.isNull()) {
            throw badResponse("the answer has no message content", null);
        }
        acc.model(root.path("model").asText(null));
        acc.responseId(root.path("id").asText(null));
        acc.emit(content.isTextual() ? content.asText() : "");
        JsonNode finish = choice.path("finish_reason");
        if (finish.isTextual()) {
            acc.finish(finish.asText());
        }
        usage(root.path("usage"), acc);
        acc.done();
    }

    private static void usage(JsonNode usage, Accumulator acc) {
        if (usage.isObject()) {
            if (usage.path("prompt_tokens").isInt()) {
                acc.inputTokens(usage.get("prompt_tokens").asInt());
            }
            if (usage.path("completion_tokens").isInt()) {
                acc.outputTokens(usage.get("completion_tokens").asInt());
            }
        }
    }
}
