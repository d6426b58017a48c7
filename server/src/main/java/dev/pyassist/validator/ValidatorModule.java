package dev.pyassist.validator;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

/**
 * The validator part: the one resident {@link ValidatorService} of the process (loaded later, off the path to
 * the first diagnostics). {@code serve} gives it the default ONNX Runtime threads; {@code check} one per worker.
 */
public final class ValidatorModule extends AbstractModule {
    private final int threads;

    public ValidatorModule(int threads) {
        this.threads = threads;
    }

    @Provides
    @Singleton
    ValidatorService service() {
        return new ValidatorService(threads);
    }
}
