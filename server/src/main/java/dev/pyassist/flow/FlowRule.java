package dev.pyassist.flow;

import dev.pyassist.config.Settings;
import dev.pyassist.diagnostics.Severity;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The flow and calls layer's rules. Each code is {@code flow.<symbol>} or {@code calls.<symbol>}, where the symbol
 * is pylint's message symbol for the same check, so the two tools map onto each other; each has a default severity
 * and an on/off switch in the {@code flow} settings section (the symbol in camelCase).
 */
public enum FlowRule {
    /** A local read where it is unbound on every path (pylint E0601): the read must fail. */
    USED_BEFORE_ASSIGNMENT("flow.used-before-assignment", Severity.ERROR, Settings.FlowSettings::usedBeforeAssignment),
    /** A local read where some path leaves it unbound (pylint E0606, pyright reportPossiblyUnbound). */
    POSSIBLY_USED_BEFORE_ASSIGNMENT("flow.possibly-used-before-assignment", Severity.WARNING,
            Settings.FlowSettings::possiblyUsedBeforeAssignment),
    /** Statements after {@code return}/{@code raise}/{@code continue}/{@code break} or a call that never returns. */
    UNREACHABLE("flow.unreachable", Severity.WARNING, Settings.FlowSettings::unreachable),
    /** {@code x = x}. */
    SELF_ASSIGNING_VARIABLE("flow.self-assigning-variable", Severity.WARNING,
            Settings.FlowSettings::selfAssigningVariable),
    /** {@code x == x} and the like. */
    COMPARISON_WITH_ITSELF("flow.comparison-with-itself", Severity.WARNING,
            Settings.FlowSettings::comparisonWithItself),
    /** The same constant key twice in one dict display: the first value is lost. */
    DUPLICATE_KEY("flow.duplicate-key", Severity.WARNING, Settings.FlowSettings::duplicateKey),
    /** {@code return value} in {@code __init__}: a TypeError when the class is called. */
    RETURN_IN_INIT("flow.return-in-init", Severity.ERROR, Settings.FlowSettings::returnInInit),
    /** {@code assert (x, "message")}: always true. */
    ASSERT_ON_TUPLE("flow.assert-on-tuple", Severity.WARNING, Settings.FlowSettings::assertOnTuple),
    /** {@code is} with a literal (CPython's SyntaxWarning). */
    LITERAL_COMPARISON("flow.literal-comparison", Severity.WARNING, Settings.FlowSettings::literalComparison),
    /** More positional arguments than a same-module function takes. */
    TOO_MANY_FUNCTION_ARGS("calls.too-many-function-args", Severity.ERROR,
            Settings.FlowSettings::tooManyFunctionArgs),
    /** A parameter without a default that the call gives no value. */
    NO_VALUE_FOR_PARAMETER("calls.no-value-for-parameter", Severity.ERROR,
            Settings.FlowSettings::noValueForParameter),
    /** A keyword the callee has no parameter for (and no {@code **kwargs}). */
    UNEXPECTED_KEYWORD_ARG("calls.unexpected-keyword-arg", Severity.ERROR,
            Settings.FlowSettings::unexpectedKeywordArg),
    /** Positional arguments named as the callee's parameters, in another order (pylint W1114). */
    ARGUMENTS_OUT_OF_ORDER("calls.arguments-out-of-order", Severity.WARNING,
            Settings.FlowSettings::argumentsOutOfOrder),
    /**
     * Opt-in ({@code flow.possiblyUnboundGlobals}, off by default): a function's read of a module-level name that the
     * module binds only on some paths ({@code if matchpy: from matchpy import Wildcard}, read in a function), which
     * pylint reports as E0606 and pyright does not. Same code as {@link #POSSIBLY_USED_BEFORE_ASSIGNMENT}.
     */
    POSSIBLY_UNBOUND_GLOBAL("flow.possibly-used-before-assignment", Severity.WARNING,
            s -> s.possiblyUsedBeforeAssignment() && s.possiblyUnboundGlobals());

    /** The rules on by default: all but the opt-in {@link #POSSIBLY_UNBOUND_GLOBAL}. */
    public static Set<FlowRule> defaults() {
        return EnumSet.complementOf(EnumSet.of(POSSIBLY_UNBOUND_GLOBAL));
    }

    /** Whether the rule is off unless the settings turn it on. */
    public boolean optIn() {
        return this == POSSIBLY_UNBOUND_GLOBAL;
    }

    /** Its key in the {@code flow} settings section. */
    public String settingsKey() {
        if (this == POSSIBLY_UNBOUND_GLOBAL) {
            return "possiblyUnboundGlobals";
        }
        String[] parts = symbol().split("-");
        StringBuilder key = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            key.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return key.toString();
    }

    private final String code;
    private final Severity severity;
    private final Predicate<Settings.FlowSettings> switchedOn;

    FlowRule(String code, Severity severity, Predicate<Settings.FlowSettings> switchedOn) {
        this.code = code;
        this.severity = severity;
        this.switchedOn = switchedOn;
    }

    public String code() {
        return code;
    }

    public Severity severity() {
        return severity;
    }

    /** pylint's message symbol: the code after the layer prefix. */
    public String symbol() {
        return code.substring(code.indexOf('.') + 1);
    }

    boolean on(Settings.FlowSettings settings) {
        return switchedOn.test(settings);
    }

    public static FlowRule byCode(String code) {
        for (FlowRule r : values()) {
            if (r.code.equals(code)) {
                return r;
            }
        }
        return null;
    }
}
