package dev.pyassist.lsp.assist;

import dev.pyassist.assist.AssistService;
import dev.pyassist.assist.Chat;
import dev.pyassist.assist.ContextSource;
import dev.pyassist.assist.SendConsent;
import dev.pyassist.config.Settings;
import dev.pyassist.diagnostics.AnalysisPipeline;
import dev.pyassist.diagnostics.SlowAnalyzer;
import dev.pyassist.store.DataDirectory;
import dev.pyassist.store.HistoryStore;
import dev.pyassist.web.WebParts;
import dev.pyassist.web.WebServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * {@code pyassist.openWeb}: the web UI of this running server, started on the first call (never at start-up, so
 * diagnostics are not slowed), on the server's own settings, backends, workspace index and validator. The result
 * is {@code {ok, url, message}}; the URL carries the token, so it goes only to this server's own client.
 */
final class WebLauncher {
    private static final Logger LOG = Logger.getLogger(WebLauncher.class.getName());
    static final String OPEN_WEB = "pyassist.openWeb";

    /** The analysis the playground shows, from the server's own pipeline and validator. */
    record Analysis(AnalysisPipeline exact, SlowAnalyzer validator, Supplier<String> validatorState) {}

    private final Supplier<Settings> settings;
    private final AssistService actions;
    private final Chat chat;
    private final Map<String, String> env;
    private final Supplier<Map<String, String>> backends;
    private final Supplier<Path> root;
    private final SendConsent consent;
    private volatile Analysis analysis;
    private WebServer server;

    WebLauncher(Supplier<Settings> settings, AssistService actions, Chat chat, Map<String, String> env,
            Supplier<Map<String, String>> backends, Supplier<Path> root, SendConsent consent) {
        this.settings = settings;
        this.actions = actions;
        this.chat = chat;
        this.env = env;
        this.backends = backends;
        this.root = root;
        this.consent = consent;
    }

    void analysis(Analysis a) {
        this.analysis = a;
    }

    synchronized Map<String, Object> open() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", "openWeb");
        Analysis a = analysis;
        if (a == null) {
            out.put("ok", false);
            out.put("message", "This server has no web UI.");
            return out;
        }
        try {
            if (server == null) {
                WebParts parts = new WebParts(settings, actions, chat,
                        () -> HistoryStore.in(DataDirectory.of(settings.get().assist().feedbackDirectory(), env)),
                        a.exact(), a.validator(), a.validatorState(), backends, root.get(), consent);
                server = WebServer.start(parts);
                LOG.info("web UI on http://127.0.0.1:" + server.port() + "/");
            }
            out.put("ok", true);
            out.put("url", server.launchUrl().toString());
            out.put("message", "pyassist's web UI is on http://127.0.0.1:" + server.port() + "/");
        } catch (IOException e) {
            out.put("ok", false);
            out.put("message", "The web UI could not start: " + e.getMessage());
        }
        return out;
    }

    synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
