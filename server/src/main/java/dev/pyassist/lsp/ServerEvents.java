package dev.pyassist.lsp;

import dev.pyassist.validator.ValidatorService;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The server's three events, so parts react to each other without holding each other: the merged settings
 * changed, the validator's state changed, and the first diagnostics went out on this connection. One per
 * server (the injector's singleton); listeners subscribe when they are built and run on the thread that raised
 * the event, in the order they subscribed, and must not depend on that order.
 */
public final class ServerEvents {
    private final List<Runnable> settingsChanged = new CopyOnWriteArrayList<>();
    private final List<Consumer<ValidatorChange>> validatorChanged = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> firstPublish = new CompletableFuture<>();

    public void onSettingsChanged(Runnable listener) {
        settingsChanged.add(listener);
    }

    /**
     * The validator's state, and whether its findings may have changed (it loaded, or went off: the open
     * documents need analysing again) or only what {@code pyassist/status} shows.
     */
    public record ValidatorChange(ValidatorService.Status status, boolean findingsChanged) {
    }

    public void onValidatorChanged(Consumer<ValidatorChange> listener) {
        validatorChanged.add(listener);
    }

    /** The merged settings changed (a layer that changed nothing raises nothing). */
    void settingsChanged() {
        settingsChanged.forEach(Runnable::run);
    }

    /** The validator loaded, failed, was switched off or reloaded. */
    public void validatorChanged(ValidatorChange change) {
        validatorChanged.forEach(l -> l.accept(change));
    }

    /** Diagnostics were published; the first call completes {@link #firstPublish()}. */
    void published() {
        firstPublish.complete(null);
    }

    /** Completes when the first diagnostics have been published on this connection. */
    CompletableFuture<Void> firstPublish() {
        return firstPublish;
    }
}
