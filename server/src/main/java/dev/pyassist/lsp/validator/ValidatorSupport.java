package dev.pyassist.lsp.validator;

import dev.pyassist.lsp.Session;
import dev.pyassist.lsp.TextDocument;
import dev.pyassist.lsp.ServerStatus;
import dev.pyassist.lsp.Progress;
import dev.pyassist.lsp.DiagnosticsConverter;
import dev.pyassist.lsp.ServerEvents;

import dev.pyassist.config.Settings;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.validator.ModelLocator;
import dev.pyassist.validator.ValidatorHover;
import dev.pyassist.validator.ValidatorLayer;
import dev.pyassist.validator.ValidatorService;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;

/**
 * Protocol glue for the neural validator: loads it after {@code initialized} (off the JSON-RPC thread, with
 * {@code $/progress} when the client supports it), reloads it when the model setting changes, keeps
 * {@code pyassist/status} truthful, tells the user once why it is off, and answers hovers on its findings.
 */
public final class ValidatorSupport {
    private static final Logger LOG = Logger.getLogger(ValidatorSupport.class.getName());

    private final Session session;
    private final ValidatorService service;
    private final ValidatorLayer layer;
    private final Supplier<Settings> settings;
    private final Path modelFlag;
    private final Executor loader;
    private final Set<String> told = ConcurrentHashMap.newKeySet();
    private final ServerEvents events;
    private volatile boolean initialized;

    public ValidatorSupport(Session session, ValidatorService service, ValidatorLayer layer,
            Supplier<Settings> settings, Path modelFlag, Executor loader, ServerEvents events) {
        this.session = session;
        this.service = service;
        this.layer = layer;
        this.settings = settings;
        this.modelFlag = modelFlag;
        this.loader = loader;
        this.events = events;
        service.addListener(this::changed);
        events.onSettingsChanged(this::settingsChanged);
    }

    /** After {@code initialized}: load the model the settings and {@code --model} name. */
    public void start() {
        initialized = true;
        settingsChanged();
    }

    /** Loads, reloads or keeps the model after a settings change. */
    void settingsChanged() {
        if (!initialized) {
            return;
        }
        Settings s = settings.get();
        if (!s.validator().enabled()) {
            events.validatorChanged(new ServerEvents.ValidatorChange(service.status(), false));
            return;
        }
        Optional<Path> dir = ModelLocator.locate(modelFlag, s.validator().modelPath());
        if (!service.needsLoad(dir)) {
            return;
        }
        loader.execute(() -> load(dir));
    }

    private void load(Optional<Path> dir) {
        var progress = new Progress(session, null, "pyassist: loading the validator");
        boolean shown = dir.isPresent() && progress.begin(false, dir.get().toString());
        try {
            service.load(dir);
        } finally {
            if (shown) {
                progress.end(service.status().state() == ValidatorService.State.READY ? "ready" : "off");
            }
        }
    }

    /** Tells the server (status, re-analysis: a validator that is gone leaves no findings), and the user once why. */
    private void changed(ValidatorService.Status status) {
        boolean findings = status.state() == ValidatorService.State.READY
                || status.state() == ValidatorService.State.OFF;
        events.validatorChanged(new ServerEvents.ValidatorChange(status, findings));
        if (status.state() == ValidatorService.State.OFF) {
            if (session.client() != null && told.add(status.reason())) {
                session.client().showMessage(new MessageParams(MessageType.Warning,
                        "pyassist: the neural validator is off: " + status.reason()
                                + ". Syntax diagnostics keep working."));
            }
        }
    }

    /** The validator part of {@code pyassist/status}. */
    public ServerStatus.Validator status() {
        if (!settings.get().validator().enabled()) {
            return new ServerStatus.Validator("off", "switched off by the setting validator.enabled");
        }
        ValidatorService.Status s = service.status();
        if (!initialized && s.state() == ValidatorService.State.OFF && "not loaded".equals(s.reason())) {
            return new ServerStatus.Validator("loading", null);
        }
        return new ServerStatus.Validator(s.label(), s.reason());
    }

    /** Hover on a validator finding: what it means, how sure the model is, how to repair or silence it. */
    public CompletableFuture<Hover> hover(TextDocument document, HoverParams params, Executor executor) {
        return CompletableFuture.supplyAsync(() -> {
            if (service.engine().isEmpty()) {
                return null;
            }
            var pos = params.getPosition();
            int offset = document.lines().offset(pos.getLine(), pos.getCharacter(), session.encoding());
            List<Finding> here = layer.at(document.parsed(), offset);
            if (here.isEmpty()) {
                return null;
            }
            Finding f = here.get(0);
            var hover = new Hover(new MarkupContent(MarkupKind.MARKDOWN,
                    ValidatorHover.markdown(f, service.engine().get().artifact())));
            hover.setRange(DiagnosticsConverter.range(document.lines(), f.start(), f.end(), session.encoding()));
            return hover;
        }, executor);
    }
}
