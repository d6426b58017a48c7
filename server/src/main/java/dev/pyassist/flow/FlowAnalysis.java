package dev.pyassist.flow;

import dev.pyassist.python.SourceUnits;
import dev.pyassist.python.ast.AsyncFunctionDef;
import dev.pyassist.python.ast.ClassDef;
import dev.pyassist.python.ast.Expr;
import dev.pyassist.python.ast.FunctionDef;
import dev.pyassist.python.ast.Module;
import dev.pyassist.python.ast.Node;
import dev.pyassist.python.ast.Stmt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run of the flow and calls checks over a module, unit by unit. The module's own code (its statements outside
 * top-level functions and classes, and the scopes nested there) is analysed every time; each top-level function
 * and class is taken from the {@link UnitCache} when its text is unchanged and the questions its analysis asked of
 * the rest of the module ({@link Outside}) get the same answers, and analysed again otherwise. So a keystroke in
 * one function re-analyses that function, and the results equal a full analysis (no cache) by construction.
 */
final class FlowAnalysis {
    private FlowAnalysis() {
    }

    /**
     * Every issue, in no particular order, with {@code {line}} still to be filled in; {@code cache} may be null.
     * With {@code unboundGlobals} off, the opt-in {@link FlowRule#POSSIBLY_UNBOUND_GLOBAL} is not looked for: the
     * module's names unbound at its end are not computed and no unit asks for them (their answers name lines, so
     * asking would re-analyse every unit below an edit that shifts lines).
     */
    static List<FlowIssue> issues(String text, Module module, UnitCache cache, boolean unboundGlobals) {
        Scopes scopes = new Scopes(module);
        List<Stmt> units = new ArrayList<>();
        for (Stmt s : module.body()) {
            if (s instanceof FunctionDef || s instanceof AsyncFunctionDef || s instanceof ClassDef) {
                units.add(s);
            }
        }
        Set<Node> unitSet = Collections.newSetFromMap(new IdentityHashMap<>());
        unitSet.addAll(units);
        int n = units.size();
        int[] starts = new int[n];
        String[] keys = new String[n];
        UnitCache.Entry[] cached = new UnitCache.Entry[n];
        UnitDeclarations[] declared = new UnitDeclarations[n];
        for (int i = 0; i < n; i++) {
            Stmt unit = units.get(i);
            starts[i] = start(text, unit);
            if (cache != null) {
                keys[i] = text.substring(starts[i], unit.end());
                cached[i] = cache.get(keys[i]);
            }
            declared[i] = cached[i] != null ? cached[i].declarations : UnitDeclarations.of(scopes, unit, Set.of());
        }
        Outside outside = outside(module, scopes, UnitDeclarations.of(scopes, module, unitSet), units, declared,
                unboundGlobals);
        List<FlowIssue> issues = new ArrayList<>();
        Map<String, Outside.Unbound> unbound = DefiniteAssignment.analyze(text, scopes, outside, module, unitSet,
                issues);
        if (unboundGlobals) {
            outside = outside.withUnboundAtEnd(unbound);
        }
        if (cache != null) {
            outside = cache.same(outside);
        }
        CallChecks.analyze(text, scopes, outside, module, unitSet, true, issues);
        for (int i = 0; i < n; i++) {
            if (cached[i] != null && cached[i].holds(outside)) {
                for (FlowIssue f : cached[i].issues) {
                    issues.add(f.shifted(starts[i]));
                }
                continue;
            }
            Outside.Recorder asked = cache == null ? null : outside.recorder();
            Outside seen = asked == null ? outside : asked;
            List<FlowIssue> found = new ArrayList<>();
            DefiniteAssignment.analyze(text, scopes, seen, units.get(i), Set.of(), found);
            CallChecks.analyze(text, scopes, seen, units.get(i), Set.of(), true, found);
            issues.addAll(found);
            if (cache != null) {
                List<FlowIssue> relative = new ArrayList<>(found.size());
                for (FlowIssue f : found) {
                    relative.add(f.shifted(-starts[i]));
                }
                cache.put(keys[i], new UnitCache.Entry(declared[i], asked.asked(), List.copyOf(relative), outside));
            }
        }
        firstReadOnly(issues);
        return issues;
    }

    /**
     * Of the opt-in {@link FlowRule#POSSIBLY_UNBOUND_GLOBAL} findings, only the first read of each name in the module
     * stays (as pylint reports it): one warning says the module may leave it unbound, not one per function. Done
     * over the whole module's issues, so each unit's cached findings stay its own.
     */
    private static void firstReadOnly(List<FlowIssue> issues) {
        Map<String, FlowIssue> first = new HashMap<>();
        for (FlowIssue f : issues) {
            if (f.rule() == FlowRule.POSSIBLY_UNBOUND_GLOBAL) {
                first.merge((String) f.data().get("name"), f, (a, b) -> a.start() <= b.start() ? a : b);
            }
        }
        if (!first.isEmpty()) {
            issues.removeIf(f -> f.rule() == FlowRule.POSSIBLY_UNBOUND_GLOBAL && first.get(f.data().get("name")) != f);
        }
    }

    /** Where a top-level unit's text starts: the line of its first decorator, else of its keyword. */
    private static int start(String text, Stmt unit) {
        List<Expr> decorators = unit instanceof FunctionDef f ? f.decoratorList()
                : unit instanceof AsyncFunctionDef f ? f.decoratorList() : ((ClassDef) unit).decoratorList();
        int from = decorators.isEmpty() ? unit.start() : Math.min(unit.start(), decorators.get(0).start());
        return SourceUnits.lineStart(text, from);
    }

    /** The module's facts, from its own code and what each unit declares. */
    private static Outside outside(Module module, Scopes scopes, UnitDeclarations own, List<Stmt> units,
            UnitDeclarations[] declared, boolean unboundGlobals) {
        Set<String> globals = new HashSet<>(own.globals());
        Set<String> nonlocals = new HashSet<>(own.nonlocals());
        Map<String, Integer> methods = new HashMap<>(own.methods());
        Map<Node, UnitDeclarations> byUnit = new IdentityHashMap<>();
        for (int i = 0; i < declared.length; i++) {
            globals.addAll(declared[i].globals());
            nonlocals.addAll(declared[i].nonlocals());
            declared[i].methods().forEach((m, count) -> methods.merge(m, count, Integer::sum));
            byUnit.put(units.get(i), declared[i]);
        }
        Set<String> overridden = new HashSet<>();
        methods.forEach((m, count) -> {
            if (count > 1) {
                overridden.add(m);
            }
        });
        ScopeNames moduleNames = scopes.moduleNames();
        Set<String> here = new HashSet<>();
        for (String name : moduleNames.events.keySet()) {
            if (!moduleNames.globals.contains(name) && !moduleNames.nonlocals.contains(name)) {
                here.add(name);
            }
        }
        CallChecks.Signatures signatures = CallChecks.signatures(module, moduleNames, byUnit::get);
        return new Outside(globals, nonlocals, here, NeverReturns.of(module, moduleNames), signatures.functions(),
                signatures.constructors(), overridden, unboundGlobals);
    }
}
