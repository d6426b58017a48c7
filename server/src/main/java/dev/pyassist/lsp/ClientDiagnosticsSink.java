package dev.pyassist.lsp;

import dev.pyassist.diagnostics.Finding;
import java.util.List;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.services.LanguageClient;

/** Publishes findings to the connected client, in the session's position encoding, with the document version. */
final class ClientDiagnosticsSink implements DiagnosticsScheduler.DiagnosticsSink {
    private final Session session;
    private final ServerEvents events;

    ClientDiagnosticsSink(Session session, ServerEvents events) {
        this.session = session;
        this.events = events;
    }

    @Override
    public void publish(TextDocument document, List<Finding> findings) {
        LanguageClient client = session.client();
        if (client == null) {
            return;
        }
        var diagnostics = DiagnosticsConverter.toLsp(findings, document.lines(), session.encoding());
        client.publishDiagnostics(new PublishDiagnosticsParams(document.uri(), diagnostics, document.version()));
        events.published();
    }

    @Override
    public void clear(String uri) {
        LanguageClient client = session.client();
        if (client != null) {
            client.publishDiagnostics(new PublishDiagnosticsParams(uri, List.of()));
        }
    }
}
