package dev.pyassist.analysis;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.pyassist.diagnostics.AnalysisPipeline;
import dev.pyassist.diagnostics.SyntaxLayer;
import dev.pyassist.flow.FlowLayer;
import dev.pyassist.names.NamesLayer;
import java.util.List;
import java.util.function.Supplier;

/**
 * The analysis part: the exact layers that run on every keystroke and in {@code check} (syntax, names, flow). The
 * validator is a slow layer added on top by whoever runs it. A package of its own because it names both
 * {@code diagnostics} and {@code names}, and {@code names} already depends on {@code diagnostics}.
 */
public final class AnalysisModule extends AbstractModule {
    private final Supplier<AnalysisPipeline> given;

    /** The module of a process that has no pipeline yet: it makes the one {@link #exactPipeline}. */
    public AnalysisModule() {
        this(null);
    }

    /**
     * @param given the pipeline the process already built by hand ({@code serve}'s core, before its injector is
     *     ready), so every part shares that one; called once, when the pipeline is first asked for
     */
    public AnalysisModule(Supplier<AnalysisPipeline> given) {
        this.given = given;
    }

    /** The exact pipeline, built by hand (the parser warm-up and tests need it without an injector). */
    public static AnalysisPipeline exactPipeline() {
        return new AnalysisPipeline(List.of(new SyntaxLayer(), new NamesLayer(), new FlowLayer()));
    }

    @Provides
    @Singleton
    AnalysisPipeline exact() {
        return given == null ? exactPipeline() : given.get();
    }
}
