package dev.pyassist.lsp;

import dev.pyassist.lsp.validator.ValidatorSupport;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.config.Settings;
import dev.pyassist.validator.ValidatorLayer;
import dev.pyassist.validator.ValidatorService;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.WindowClientCapabilities;
import org.eclipse.lsp4j.WorkDoneProgressBegin;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.junit.jupiter.api.Test;

/** Loading the validator reports {@code $/progress} (begin, end) to clients that support it, off the RPC thread. */
class ValidatorProgressTest {
    static final class ProgressClient implements PyassistClient {
        final List<Object> events = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
            events.add("create");
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void notifyProgress(ProgressParams params) {
            events.add(params.getValue().getLeft());
        }

        @Override
        public void status(ServerStatus status) {
            events.add(status.validator().state());
        }

        @Override
        public void telemetryEvent(Object object) {}

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {}

        @Override
        public void showMessage(MessageParams messageParams) {
            events.add(messageParams);
        }

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void logMessage(MessageParams message) {}
    }

    @Test
    void loadingReportsProgressAndThenReady() throws Exception {
        Path tiny = Path.of(getClass().getResource("/validator/tiny/validator.json").toURI()).getParent();
        var session = new Session();
        var client = new ProgressClient();
        session.connect(client);
        var caps = new ClientCapabilities();
        var window = new WindowClientCapabilities();
        window.setWorkDoneProgress(true);
        caps.setWindow(window);
        session.setCapabilities(caps);
        var service = new ValidatorService(1);
        Settings settings = Settings.defaults();
        var loader = Executors.newSingleThreadExecutor();
        var events = new ServerEvents();
        var support = new ValidatorSupport(session, service, new ValidatorLayer(service, () -> settings),
                () -> settings, tiny, loader, events);
        events.onValidatorChanged(change ->
                client.status(new ServerStatus("ready", support.status(), java.util.Map.of())));
        assertEquals("loading", support.status().state(), "before initialized the validator is about to load");
        support.start();
        loader.shutdown();
        assertTrue(loader.awaitTermination(20, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("create", client.events.get(0));
        assertTrue(client.events.get(1) instanceof WorkDoneProgressBegin, client.events.toString());
        assertEquals("loading", client.events.get(2));
        assertEquals("ready", client.events.get(3));
        assertTrue(client.events.get(4) instanceof WorkDoneProgressEnd, client.events.toString());
        assertEquals("ready", support.status().state());
        service.close();
    }
}
