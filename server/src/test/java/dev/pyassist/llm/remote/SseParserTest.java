package dev.pyassist.llm.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private final List<SseEvent> events = new ArrayList<>();
    private final SseParser parser = new SseParser(events::add);

    @Test
    void multiLineDataCommentsAndFields() {
        parser.feed(": keep-alive comment\n\nevent: custom\nid: 7\nretry: 100\ndata: line one\ndata:line two\n"
                + "data\nunknown: x\n\ndata: [DONE]\n\n");
        assertTrue(parser.finish());
        assertEquals(List.of(new SseEvent("custom", "line one\nline two\n", "7"), new SseEvent("message", "[DONE]", "7")),
                events);
    }

    @Test
    void lineEndingsCrLfAndCrAndBom() {
        parser.feed("\uFEFFdata: a\r\n\r\ndata: b\r\rdata: c\n\n");
        assertTrue(parser.finish());
        assertEquals(List.of("a", "b", "c"), events.stream().map(SseEvent::data).toList());
    }

    @Test
    void eventsSplitAcrossChunksAtEveryByteIncludingUtf8AndCrLf() {
        byte[] all = "event: x\r\ndata: héllo ✓ wörld\r\n\r\ndata: 2\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : all) {
            parser.feed(ByteBuffer.wrap(new byte[] {b}));
        }
        assertTrue(parser.finish());
        assertEquals(List.of(new SseEvent("x", "héllo ✓ wörld", null), new SseEvent("message", "2", null)), events);
    }

    @Test
    void emptyDataIsNotDispatchedButEmptyDataFieldIs() {
        parser.feed("event: nothing\n\ndata:\n\n");
        parser.finish();
        assertEquals(List.of(new SseEvent("message", "", null)), events);
    }

    @Test
    void truncatedStreamIsReportedAndPendingEventDropped() {
        parser.feed("data: complete\n\ndata: {\"partial\":");
        assertFalse(parser.finish());
        assertEquals(1, events.size());

        SseParser p2 = new SseParser(events::add);
        p2.feed("data: whole line but no blank line\n");
        assertFalse(p2.finish(), "an event without its terminating blank line is truncated");
        assertEquals(1, events.size());
    }

    @Test
    void openAiTranscript() throws IOException {
        parser.feed(resource("openai-stream.txt"));
        assertTrue(parser.finish());
        assertEquals(6, events.size());
        assertEquals("[DONE]", events.get(5).data());
        assertTrue(events.get(2).data().contains("a + b"));
    }

    @Test
    void anthropicTranscriptWithCrLf() throws IOException {
        parser.feed(resource("anthropic-stream.txt"));
        assertTrue(parser.finish());
        assertEquals(List.of("message_start", "content_block_start", "ping", "content_block_delta",
                "content_block_delta", "content_block_stop", "message_delta", "message_stop"),
                events.stream().map(SseEvent::event).toList());
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = SseParserTest.class.getResourceAsStream("/llm/" + name)) {
            return in.readAllBytes();
        }
    }
}
