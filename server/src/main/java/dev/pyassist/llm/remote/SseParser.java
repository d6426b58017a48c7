package dev.pyassist.llm.remote;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Incremental parser for {@code text/event-stream} (the WHATWG server-sent events format), fed with raw bytes as they
 * arrive. Handles {@code \n}, {@code \r\n} and {@code \r} line ends split across chunks, UTF-8 split across chunks,
 * multi-line {@code data:}, {@code event:}/{@code id:} fields, comments ({@code :} lines), a leading BOM, and ignores
 * {@code retry:} and unknown fields. An event is dispatched on a blank line; an event whose data is empty is not
 * dispatched. Not thread safe (a body subscriber feeds it serially).
 */
public final class SseParser {

    private final Consumer<SseEvent> sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder();
    private boolean dataSeen;
    private String eventType;
    private String lastId;
    private boolean lastWasCr;
    private boolean firstLine = true;
    private boolean pendingFields;

    public SseParser(Consumer<SseEvent> sink) {
        this.sink = sink;
    }

    public void feed(ByteBuffer buf) {
        while (buf.hasRemaining()) {
            byte b = buf.get();
            if (b == '\n') {
                if (lastWasCr) {
                    lastWasCr = false; // second half of \r\n
                    continue;
                }
                endLine();
            } else if (b == '\r') {
                lastWasCr = true;
                endLine();
            } else {
                lastWasCr = false;
                line.write(b);
            }
        }
    }

    public void feed(byte[] bytes) {
        feed(ByteBuffer.wrap(bytes));
    }

    public void feed(String text) {
        feed(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Ends the stream. Returns {@code true} when the stream ended cleanly at an event boundary, {@code false} when
     * an unterminated line or an undispatched event was pending (a truncated stream); the pending event is dropped.
     */
    public boolean finish() {
        boolean clean = line.size() == 0 && !pendingFields;
        line.reset();
        resetEvent();
        return clean;
    }

    private void endLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (firstLine) {
            firstLine = false;
            if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            return; // comment (keep-alive)
        }
        int colon = text.indexOf(':');
        String field;
        String value;
        if (colon < 0) {
            field = text;
            value = "";
        } else {
            field = text.substring(0, colon);
            value = text.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
        }
        switch (field) {
            case "data":
                if (dataSeen) {
                    data.append('\n');
                }
                data.append(value);
                dataSeen = true;
                pendingFields = true;
                break;
            case "event":
                eventType = value;
                pendingFields = true;
                break;
            case "id":
                if (value.indexOf('\0') < 0) {
                    lastId = value;
                }
                break;
            default:
                break; // "retry" and unknown fields are ignored
        }
    }

    private void dispatch() {
        if (dataSeen) {
            String type = eventType == null || eventType.isEmpty() ? "message" : eventType;
            SseEvent ev = new SseEvent(type, data.toString(), lastId);
            resetEvent();
            sink.accept(ev);
        } else {
            resetEvent();
        }
    }

    private void resetEvent() {
        data.setLength(0);
        dataSeen = false;
        eventType = null;
        pendingFields = false;
    }
}
