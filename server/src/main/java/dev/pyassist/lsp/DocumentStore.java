package dev.pyassist.lsp;

import dev.pyassist.text.LineMap;
import dev.pyassist.text.PositionEncoding;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Logger;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;

/**
 * The open buffers, keyed by URI. Edits are applied on the JSON-RPC thread, in the order the client sent
 * them, and each produces a new immutable {@link TextDocument}, so analyses on other threads always see a
 * consistent text for the version they were given.
 */
public final class DocumentStore {
    private static final Logger LOG = Logger.getLogger(DocumentStore.class.getName());

    private final ConcurrentMap<String, TextDocument> documents = new ConcurrentHashMap<>();
    /** When the last edit arrived ({@link System#nanoTime}), and whether one has. */
    private volatile long lastChange;
    private volatile boolean anyChange;

    public TextDocument open(String uri, int version, String text) {
        TextDocument doc = new TextDocument(uri, version, text);
        documents.put(uri, doc);
        return doc;
    }

    public Optional<TextDocument> get(String uri) {
        return Optional.ofNullable(documents.get(uri));
    }

    /** The version currently open for {@code uri}, or null when it is not open. */
    public Integer currentVersion(String uri) {
        TextDocument doc = documents.get(uri);
        return doc == null ? null : doc.version();
    }

    /** Nanoseconds since the last edit arrived ({@link Long#MAX_VALUE} before the first). */
    public long nanosSinceLastChange() {
        return anyChange ? System.nanoTime() - lastChange : Long.MAX_VALUE;
    }

    /** Whether any document is open. */
    public boolean hasAny() {
        return !documents.isEmpty();
    }

    /** Snapshots of every open document. */
    public java.util.Collection<TextDocument> all() {
        return List.copyOf(documents.values());
    }

    public void close(String uri) {
        documents.remove(uri);
    }

    /**
     * Applies incremental (or whole-text) changes. Out-of-range positions are clamped as LSP prescribes
     * (a column past the line end means the line end, a line past the end means the end) and logged, so a
     * confused client costs a warning, not the buffer.
     *
     * @return the new snapshot, or empty when the document is not open
     */
    public Optional<TextDocument> change(
            String uri, int version, List<TextDocumentContentChangeEvent> changes, PositionEncoding encoding) {
        lastChange = System.nanoTime();
        anyChange = true;
        TextDocument doc = documents.get(uri);
        if (doc == null) {
            LOG.warning("didChange for a document that is not open: " + uri);
            return Optional.empty();
        }
        String text = doc.text();
        LineMap lines = doc.lines();
        for (TextDocumentContentChangeEvent change : changes) {
            Range range = change.getRange();
            String insert = change.getText() == null ? "" : change.getText();
            if (range == null) {
                text = insert;
                lines = new LineMap(text);
            } else {
                int start = offset(lines, range.getStart(), encoding, uri);
                int end = offset(lines, range.getEnd(), encoding, uri);
                if (end < start) {
                    LOG.warning("didChange range ends before it starts in " + uri + "; treating it as empty");
                    end = start;
                }
                text = text.substring(0, start) + insert + text.substring(end);
                lines = lines.edited(start, end, insert, text);
            }
        }
        TextDocument updated = new TextDocument(uri, version, text, lines);
        documents.put(uri, updated);
        return Optional.of(updated);
    }

    private static int offset(LineMap lines, Position position, PositionEncoding encoding, String uri) {
        int line = position.getLine();
        int column = position.getCharacter();
        if (line < 0 || column < 0 || line >= lines.lineCount()
                || column > lines.measure(lines.lineStart(line), lines.lineContentEnd(line), encoding)) {
            LOG.warning("didChange position " + line + ":" + column + " is outside " + uri + "; clamped");
        }
        return lines.offset(line, column, encoding);
    }
}
