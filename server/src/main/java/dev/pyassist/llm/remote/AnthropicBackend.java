package dev.pyassist.llm.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pyassist.llm.LlmMessage;
import dev.pyassist.llm.LlmRequest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Locale;

/**
 * Anthropic Messages ({@code POST {baseUrl}/v1/messages}) with {@code x-api-key} and {@code anthropic-version}.
 * System messages go to the top-level {@code system} field (joined by blank lines).
 */
public final class AnthropicBackend extends HttpBackend {

    public AnthropicBackend(String id, EndpointConfig cfg) {
        this(id, cfg, null, null);
    }

    public AnthropicBackend(String id, EndpointConfig cfg, HttpClient client, Clock clock) {
        super(id, cfg, client, clock);
    }

    @Override
    protected ObjectNode requestBody(LlmRequest request, String model, int maxTokens) {
        ObjectNode n = JSON.createObjectNode();
        n.put("model", model);
        n.put("max_tokens", maxTokens);
        StringBuilder system = new StringBuilder();
        ArrayNode messages = JSON.createArrayNode();
        for (LlmMessage m : request.messages()) {
            if (m.role() == LlmMessage.Role.SYSTEM) {
                if (system.length() > 0) {
                    system.append("\n\n");
                }
                system.append(m.content());
            } else {
                messages.addObject().put("role", m.role().name().toLowerCase(Locale.ROOT)).put("content", m.content());
            }
        }
        if (system.length() > 0) {
            n.put("system", system.toString());
        }
        n.set("messages", messages);
        if (request.temperature() != null) {
            n.put("temperature", request.temperature());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stop = n.putArray("stop_sequences");
            request.stop().forEach(stop::add);
        }
        n.put("stream", request.stream());
        return n;
    }

    @Override
    protected void addHeaders(HttpRequest.Builder builder) {
        if (cfg.apiKey() != null) {
            builder.header("x-api-key", cfg.apiKey().reveal());
        }
        builder.header("anthropic-version", cfg.anthropicVersion());
    }

    @Override
    protected void onStreamEvent(SseEvent event, Accumulator acc) {
        JsonNode data = parseJson(event.data());
        String type = "message".equals(event.event()) ? data.path("type").asText("") : event.event();
        switch (type) {
            case "message_start": {
                JsonNode message = data.path("message");
                acc.model(message.path("model").asText(null));
                acc.responseId(message.path("id").asText(null));
                usage(message.path("usage"), acc);
                break;
            }
            case "content_block_start": {
                JsonNode block = data.path("content_block");
                if ("text".equals(block.path("type").asText()) && block.path("text").isTextual()) {
                    acc.emit(block.get("text").asText());
                }
                break;
            }
            case "content_block_delta": {
                JsonNode delta = data.path("delta");
                if ("text_delta".equals(delta.path("type").asText()) && delta.path("text").isTextual()) {
                    acc.emit(delta.get("text").asText());
                }
                break;
            }
            case "message_delta": {
                JsonNode stop = data.path("delta").path("stop_reason");
                if (stop.isTextual()) {
                    acc.finish(stop.asText());
                }
                usage(data.path("usage"), acc);
                break;
            }
            case "message_stop":
                acc.done();
                break;
            case "error":
                throw streamError(errorInBody(data.path("error")));
            default:
                break; // ping, content_block_stop, future event types
        }
    }

    @Override
    protected boolean streamComplete(Accumulator acc) {
        return acc.isDone();
    }

    @Override
    protected void parseFull(JsonNode root, Accumulator acc) {
        JsonNode content = root.path("content");
        if (!content.isArray()) {
            throw badResponse("the answer has no content", null);
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asText()) && block.path("text").isTextual()) {
                text.append(block.get("text").asText());
            }
        }
        acc.model(root.path("model").asText(null));
        acc.responseId(root.path("id").asText(null));
        acc.emit(text.toString());
        JsonNode stop = root.path("stop_reason");
        if (stop.isTextual()) {
            acc.finish(stop.asText());
        }
        usage(root.path("usage"), acc);
        acc.done();
    }

    private static void usage(JsonNode usage, Accumulator acc) {
        if (usage.isObject()) {
            if (usage.path("input_tokens").isInt()) {
                acc.inputTokens(usage.get("input_tokens").asInt());
            }
            if (usage.path("output_tokens").isInt()) {
                acc.outputTokens(usage.get("output_tokens").asInt());
            }
        }
    }
}
