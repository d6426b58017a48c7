package dev.pyassist.lsp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.config.Settings;
import dev.pyassist.diagnostics.Finding;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class DiagnosticsSchedulerTest {
    @Test
    void aRefreshAfterShutdownIsIgnored() {
        var documents = new DocumentStore();
        TextDocument doc = documents.open("file:///a.py", 1, "if x\n    pass\n");
        List<TextDocument> published = new CopyOnWriteArrayList<>();
        var sink = new DiagnosticsScheduler.DiagnosticsSink() {
            @Override
            public void publish(TextDocument document, List<Finding> findings) {
                published.add(document);
            }

            @Override
            public void clear(String uri) {}
        };
        var executor = Executors.newSingleThreadScheduledExecutor();
        executor.shutdownNow(); // what shutdown leaves behind
        var scheduler = new DiagnosticsScheduler(documents, dev.pyassist.analysis.AnalysisModule.exactPipeline(), sink, executor,
                Settings::defaults);
        // e.g. the validator model finishing its load after shutdown asks for a re-analysis
        assertDoesNotThrow(() -> scheduler.refresh(List.of(doc)));
        assertDoesNotThrow(() -> scheduler.opened(doc));
        assertTrue(published.isEmpty());
    }
}
