package dev.pyassist.lsp.assist;

import dev.pyassist.assist.AssistResult;
import dev.pyassist.config.Settings;
import dev.pyassist.lsp.DocumentStore;
import dev.pyassist.lsp.Session;
import dev.pyassist.lsp.TextDocument;
import dev.pyassist.text.LineMap;
import dev.pyassist.text.PositionEncoding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.lsp4j.AnnotatedTextEdit;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ApplyWorkspaceEditResponse;
import org.eclipse.lsp4j.ChangeAnnotation;
import org.eclipse.lsp4j.CreateFile;
import org.eclipse.lsp4j.CreateFileOptions;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ResourceOperation;
import org.eclipse.lsp4j.ShowDocumentParams;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * What an AI action changes in the editor: a versioned {@code workspace/applyEdit}, a created file (through the editor
 * when it can, else on disk, never overwriting), then {@code window/showDocument}. While {@code assist.preview} is on,
 * every edit carries one {@code ChangeAnnotation} that asks the editor to show it before applying it.
 */
final class ClientEdits {
    /** The annotation every AI edit carries while previews are on: the editor shows the change before applying it. */
    private static final String ANNOTATION = "pyassist-ai";

    private final Session session;
    private final DocumentStore documents;
    private final Supplier<Settings> settings;

    ClientEdits(Session session, DocumentStore documents, Supplier<Settings> settings) {
        this.session = session;
        this.documents = documents;
        this.settings = settings;
    }

    private boolean preview() {
        return settings.get().assist().preview();
    }

    /** What the editor says about an AI edit while it asks to confirm it. */
    private static ChangeAnnotation review(AssistResult r) {
        var a = new ChangeAnnotation("pyassist: " + r.task() + " (AI)");
        a.setNeedsConfirmation(true);
        a.setDescription("Made by a language model: review before applying.");
        return a;
    }

    private static Map<String, ChangeAnnotation> annotations(AssistResult r) {
        return Map.of(ANNOTATION, review(r));
    }

    /** Applies a versioned edit; returns why it was not applied, or null. */
    String applyEdit(AssistResult.Edit e, AssistResult r) {
        Integer current = documents.currentVersion(e.uri());
        if (e.version() < 0 || current == null) {
            return "The edit was not applied: " + e.uri() + " is not open in the editor.";
        }
        if (current != e.version()) {
            return "The edit was not applied: the document changed (version " + e.version() + " → " + current
                    + ") while the result was being computed. Run the action again.";
        }
        TextDocument doc = documents.get(e.uri()).orElse(null);
        if (doc == null) {
            return "The edit was not applied: " + e.uri() + " was closed.";
        }
        // The snapshot at that version: positions are computed on exactly the text the edit was made for.
        LineMap lines = doc.lines();
        PositionEncoding enc = session.encoding();
        Range range = new Range(position(lines, e.start(), enc), position(lines, e.end(), enc));
        WorkspaceEdit we = oneEdit(session, e.uri(), e.version(), range, e.newText(), ANNOTATION,
                preview() ? review(r) : null);
        return apply(we, "pyassist");
    }

    private String apply(WorkspaceEdit we, String label) {
        return apply(session, we, label);
    }

    /**
     * {@code newText} over {@code range} of {@code uri} at {@code version}: a versioned document change (the editor
     * refuses it when its text moved on) where the client takes document changes, else a plain edit. With
     * {@code review}, the edit carries it as annotation {@code annotationId}, so the editor shows it before applying.
     */
    static WorkspaceEdit oneEdit(Session session, String uri, int version, Range range, String newText,
            String annotationId, ChangeAnnotation review) {
        if (!supportsDocumentChanges(session)) {
            return new WorkspaceEdit(Map.of(uri, List.of(new TextEdit(range, newText))));
        }
        TextEdit edit = review == null ? new TextEdit(range, newText)
                : new AnnotatedTextEdit(range, newText, annotationId);
        WorkspaceEdit we = new WorkspaceEdit(List.of(Either.forLeft(new TextDocumentEdit(
                new VersionedTextDocumentIdentifier(uri, version), List.of(Either.forLeft(edit))))));
        if (review != null) {
            we.setChangeAnnotations(Map.of(annotationId, review));
        }
        return we;
    }

    /** Sends {@code workspace/applyEdit} and waits for the answer; returns why it was not applied, or null. */
    static String apply(Session session, WorkspaceEdit we, String label) {
        try {
            ApplyWorkspaceEditResponse response = session.client()
                    .applyEdit(new ApplyWorkspaceEditParams(we, label)).get(60, TimeUnit.SECONDS);
            if (response == null || !response.isApplied()) {
                String reason = response == null || response.getFailureReason() == null ? "no reason given"
                        : response.getFailureReason();
                return "The editor did not apply the edit (" + reason + ").";
            }
            return null;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "The edit was not applied: interrupted.";
        } catch (Exception ex) {
            return "The edit was not applied: " + ex.getMessage();
        }
    }

    /** Creates a new file (never overwriting) through the editor when it can, else on disk; then shows it. */
    String createFile(AssistResult.NewFile f, AssistResult r) {
        String uri = f.path().toUri().toString();
        String problem;
        if (supportsCreate()) {
            CreateFile create = new CreateFile(uri, new CreateFileOptions(false, false));
            Range start = new Range(new Position(0, 0), new Position(0, 0));
            TextEdit content = preview() ? new AnnotatedTextEdit(start, f.content(), ANNOTATION)
                    : new TextEdit(start, f.content());
            if (preview()) {
                create.setAnnotationId(ANNOTATION);
            }
            WorkspaceEdit we = new WorkspaceEdit(List.of(
                    Either.<TextDocumentEdit, ResourceOperation>forRight(create),
                    Either.<TextDocumentEdit, ResourceOperation>forLeft(new TextDocumentEdit(
                            new VersionedTextDocumentIdentifier(uri, null), List.of(Either.forLeft(content))))));
            if (preview()) {
                we.setChangeAnnotations(annotations(r));
            }
            problem = apply(we, "pyassist: new file");
        } else {
            try {
                Files.writeString(f.path(), f.content(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
                problem = null;
            } catch (IOException e) {
                problem = "Could not create " + f.path() + ": " + e.getMessage() + ".";
            }
        }
        if (problem == null) {
            showDocument(uri);
        }
        return problem;
    }

    /** Opens {@code uri} in the editor and focuses it, when the client can be asked to. */
    void showDocument(String uri) {
        if (supportsShowDocument()) {
            ShowDocumentParams show = new ShowDocumentParams(uri);
            show.setTakeFocus(true);
            session.client().showDocument(show);
        }
    }

    static Position position(LineMap lines, int offset, PositionEncoding enc) {
        var p = lines.position(offset, enc);
        return new Position(p.line(), p.column());
    }

    private static boolean supportsDocumentChanges(Session session) {
        var ws = session.capabilities().getWorkspace();
        return ws != null && ws.getWorkspaceEdit() != null
                && Boolean.TRUE.equals(ws.getWorkspaceEdit().getDocumentChanges());
    }

    private boolean supportsCreate() {
        var ws = session.capabilities().getWorkspace();
        return supportsDocumentChanges(session) && ws.getWorkspaceEdit().getResourceOperations() != null
                && ws.getWorkspaceEdit().getResourceOperations().contains("create");
    }

    private boolean supportsShowDocument() {
        var w = session.capabilities().getWindow();
        return w != null && w.getShowDocument() != null && w.getShowDocument().isSupport();
    }
}
