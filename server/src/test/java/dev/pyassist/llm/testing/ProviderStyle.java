package dev.pyassist.llm.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Provider-shaped bodies and SSE frames (OpenAI chat completions, Anthropic Messages), built with Jackson. */
public final class ProviderStyle {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProviderStyle() {
    }

    /** Splits text into stream deltas (words with their following whitespace). */
    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (String t : text.split("(?<=\\s)(?=\\S)")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    static String frame(String event, Object data) {
        try {
            String json = JSON.writeValueAsString(data);
            return (event == null ? "" : "event: " + event + "\n") + "data: " + json + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    // ---- OpenAI ---------------------------------------------------------------------------------------------------

    public static ObjectNode openAiCompletion(String model, String text, String finish, int in, int out) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", "chatcmpl-mock").put("object", "chat.completion").put("created", 1700000000).put("model", model);
        ObjectNode choice = n.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", text);
        choice.put("finish_reason", finish);
        n.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out).put("total_tokens", in + out);
        return n;
    }

    public static ObjectNode openAiChunk(String model, String delta, String finish) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", "chatcmpl-mock").put("object", "chat.completion.chunk").put("created", 1700000000)
                .put("model", model);
        ObjectNode choice = n.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode d = choice.putObject("delta");
        if (delta != null) {
            d.put("content", delta);
        }
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return n;
    }

    /** Frames of a complete OpenAI stream; with {@code includeUsage} a final usage chunk; then {@code [DONE]}. */
    public static List<String> openAiStream(String model, List<String> deltas, String finish, boolean includeUsage,
            int in, int out) {
        List<String> frames = new ArrayList<>();
        ObjectNode first = openAiChunk(model, "", null);
        ((ObjectNode) first.get("choices").get(0).get("delta")).put("role", "assistant");
        frames.add(frame(null, first));
        for (String d : deltas) {
            frames.add(frame(null, openAiChunk(model, d, null)));
        }
        frames.add(frame(null, openAiChunk(model, null, finish)));
        if (includeUsage) {
            ObjectNode u = JSON.createObjectNode();
            u.put("id", "chatcmpl-mock").put("object", "chat.completion.chunk").put("model", model);
            u.putArray("choices");
            u.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out).put("total_tokens", in + out);
            frames.add(frame(null, u));
        }
        frames.add("data: [DONE]\n\n");
        return frames;
    }

    /** The text completions endpoint ({@code /v1/completions}): the answer in {@code choices[0].text}. */
    public static ObjectNode openAiTextCompletion(String model, String text, String finish, int in, int out) {
        ObjectNode n = openAiCompletion(model, text, finish, in, out);
        n.put("object", "text_completion");
        ObjectNode choice = (ObjectNode) n.get("choices").get(0);
        choice.remove("message");
        choice.put("text", text);
        return n;
    }

    /** Frames of a text completions stream: each chunk's text in {@code choices[0].text}; then {@code [DONE]}. */
    public static List<String> openAiTextStream(String model, List<String> deltas, String finish) {
        List<String> frames = new ArrayList<>();
        for (int i = 0; i <= deltas.size(); i++) {
            ObjectNode n = JSON.createObjectNode();
            n.put("id", "cmpl-mock").put("object", "text_completion").put("created", 1700000000).put("model", model);
            ObjectNode choice = n.putArray("choices").addObject();
            choice.put("index", 0).put("text", i < deltas.size() ? deltas.get(i) : "");
            if (i < deltas.size()) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finish);
            }
            frames.add(frame(null, n));
        }
        frames.add("data: [DONE]\n\n");
        return frames;
    }

    public static ObjectNode openAiError(String message, String type, String code) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode e = n.putObject("error");
        e.put("message", message).put("type", type).putNull("param");
        if (code == null) {
            e.putNull("code");
        } else {
            e.put("code", code);
        }
        return n;
    }

    // ---- Anthropic ------------------------------------------------------------------------------------------------

    public static ObjectNode anthropicMessage(String model, String text, String stopReason, String stopSequence,
            int in, int out) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", "msg_mock").put("type", "message").put("role", "assistant").put("model", model);
        n.putArray("content").addObject().put("type", "text").put("text", text);
        n.put("stop_reason", stopReason);
        if (stopSequence == null) {
            n.putNull("stop_sequence");
        } else {
            n.put("stop_sequence", stopSequence);
        }
        n.putObject("usage").put("input_tokens", in).put("output_tokens", out);
        return n;
    }

    /** Frames of a complete Anthropic stream (message_start … message_stop, with a ping). */
    public static List<String> anthropicStream(String model, List<String> deltas, String stopReason,
            String stopSequence, int in, int out) {
        List<String> frames = new ArrayList<>();
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode msg = start.putObject("message");
        msg.put("id", "msg_mock").put("type", "message").put("role", "assistant").put("model", model);
        msg.putArray("content");
        msg.putNull("stop_reason");
        msg.putNull("stop_sequence");
        msg.putObject("usage").put("input_tokens", in).put("output_tokens", 1);
        frames.add(frame("message_start", start));
        ObjectNode cbs = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
        cbs.putObject("content_block").put("type", "text").put("text", "");
        frames.add(frame("content_block_start", cbs));
        frames.add(frame("ping", JSON.createObjectNode().put("type", "ping")));
        for (String d : deltas) {
            ObjectNode cbd = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
            cbd.putObject("delta").put("type", "text_delta").put("text", d);
            frames.add(frame("content_block_delta", cbd));
        }
        frames.add(frame("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop")
                .put("index", 0)));
        ObjectNode md = JSON.createObjectNode().put("type", "message_delta");
        ObjectNode delta = md.putObject("delta").put("stop_reason", stopReason);
        if (stopSequence == null) {
            delta.putNull("stop_sequence");
        } else {
            delta.put("stop_sequence", stopSequence);
        }
        md.putObject("usage").put("output_tokens", out);
        frames.add(frame("message_delta", md));
        frames.add(frame("message_stop", JSON.createObjectNode().put("type", "message_stop")));
        return frames;
    }

    public static ObjectNode anthropicError(String type, String message) {
        ObjectNode n = JSON.createObjectNode().put("type", "error");
        n.putObject("error").put("type", type).put("message", message);
        return n;
    }

    /** An Anthropic {@code event: error} frame. */
    public static String anthropicErrorFrame(String type, String message) {
        return frame("error", anthropicError(type, message));
    }
}
