package dev.pyassist.flow;

import dev.pyassist.python.ast.Arg;
import dev.pyassist.python.ast.Arguments;
import dev.pyassist.python.ast.AsyncFunctionDef;
import dev.pyassist.python.ast.Attribute;
import dev.pyassist.python.ast.Call;
import dev.pyassist.python.ast.ClassDef;
import dev.pyassist.python.ast.Expr;
import dev.pyassist.python.ast.FunctionDef;
import dev.pyassist.python.ast.Keyword;
import dev.pyassist.python.ast.Lambda;
import dev.pyassist.python.ast.Module;
import dev.pyassist.python.ast.Name;
import dev.pyassist.python.ast.Node;
import dev.pyassist.python.ast.Starred;
import dev.pyassist.python.ast.Stmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Calls to functions and classes of the same module, checked against their signatures: plain calls of a
 * module-level function or class, and {@code self.m(...)} / {@code cls.m(...)} inside a class's methods. Only
 * callees whose signature is certain are checked: bound once in their scope, with no decorator other than
 * {@code staticmethod}, {@code classmethod}, {@code functools.wraps(...)} or {@code abc.abstractmethod}, and
 * (for classes) an {@code __init__} of their own with no {@code __new__}, metaclass or unknown base.
 */
final class CallChecks {
    /** A callee's parameters, the implicit first one already removed for bound calls. */
    record Signature(String name, String kind, List<String> positional, int positionalOnly,
            int requiredPositional, boolean varargs, List<String> keywordOnly, Set<String> requiredKeywordOnly,
            boolean kwargs) {
    }

    private static final Set<String> TRANSPARENT = Set.of("staticmethod", "classmethod", "abstractmethod",
            "override", "wraps");

    private final List<FlowIssue> out;
    private final Scopes scopes;
    private final Outside outside;
    private final Set<Node> skip;
    private final SmallRules small;
    private final Map<ClassDef, ClassInfo> classInfo = new java.util.IdentityHashMap<>();

    /** What one class body defines, found once per class: its defs, and the names its other statements use. */
    private static final class ClassInfo {
        final Map<String, FunctionDef> defs = new HashMap<>();
        final Set<String> twice = new HashSet<>();
        final Set<String> asyncDefs = new HashSet<>();
        final Set<String> mentioned = new HashSet<>();
        final Set<String> storedAttributes = new HashSet<>();

        ClassInfo(ClassDef c) {
            for (Stmt s : c.body()) {
                if (s instanceof FunctionDef f) {
                    if (defs.put(f.name().id(), f) != null) {
                        twice.add(f.name().id());
                    }
                } else if (s instanceof AsyncFunctionDef f) {
                    asyncDefs.add(f.name().id());
                } else if (!(s instanceof ClassDef)) {
                    dev.pyassist.python.ast.AstWalker.walk(s, (Node n) -> {
                        if (n instanceof Name nm) {
                            mentioned.add(nm.id());
                        } else if (n instanceof FunctionDef f) {
                            mentioned.add(f.name().id());
                        }
                    });
                }
            }
            dev.pyassist.python.ast.AstWalker.walk(c, (Node n) -> {
                if (n instanceof Attribute a && a.ctx() != dev.pyassist.python.ast.ExprContext.LOAD) {
                    storedAttributes.add(a.attr().id());
                }
            });
        }
    }

    private CallChecks(Scopes scopes, Outside outside, Set<Node> skip, SmallRules small, List<FlowIssue> out) {
        this.scopes = scopes;
        this.outside = outside;
        this.skip = skip;
        this.small = small;
        this.out = out;
    }

    /**
     * The call checks and the small rules ({@code withSmallRules}) on one walk over {@code root} (the module, or
     * one of its top-level functions and classes), not entering the statements in {@code skip}.
     */
    static void analyze(String text, Scopes scopes, Outside outside, Node root, Set<Node> skip,
            boolean withSmallRules, List<FlowIssue> out) {
        SmallRules small = withSmallRules ? new SmallRules(text, outside, out) : null;
        new CallChecks(scopes, outside, skip, small, out).walk(root);
    }

    private ClassInfo info(ClassDef c) {
        return classInfo.computeIfAbsent(c, ClassInfo::new);
    }

    private static int bindings(ScopeNames names, String name) {
        var ev = names.events.get(name);
        int n = 0;
        if (ev != null) {
            for (var e : ev) {
                n += e.bind() ? 1 : 0;
            }
        }
        return n;
    }

    /** The signatures of the module's functions and classes that calls are checked against. */
    record Signatures(Map<String, Signature> functions, Map<String, Signature> constructors) {
    }

    /**
     * The signatures of the module-level functions and classes bound once, from what each top-level unit declares
     * ({@link UnitDeclarations#signature}, {@link UnitDeclarations#newOrCall}).
     */
    static Signatures signatures(Module module, ScopeNames moduleNames, Function<Stmt, UnitDeclarations> declared) {
        Map<String, Signature> functions = new HashMap<>();
        Map<String, ClassDef> classes = new HashMap<>();
        for (Stmt s : module.body()) {
            if (s instanceof FunctionDef f && bindings(moduleNames, f.name().id()) == 1
                    && !moduleNames.globals.contains(f.name().id())) {
                Signature sig = declared.apply(f).signature();
                if (sig != null) {
                    functions.put(f.name().id(), sig);
                }
            } else if (s instanceof ClassDef c && bindings(moduleNames, c.name().id()) == 1) {
                classes.put(c.name().id(), c);
            }
        }
        Map<String, Signature> constructors = new HashMap<>();
        Predicate<ClassDef> newOrCall = c -> declared.apply(c).newOrCall();
        for (ClassDef c : classes.values()) {
            Signature sig = declared.apply(c).signature();
            if (sig != null && plainBases(c, classes, newOrCall, 0)) {
                constructors.put(c.name().id(), sig);
            }
        }
        return new Signatures(functions, constructors);
    }

    /** The names of the methods a class body defines (counted over all classes: a subclass may change one). */
    static Set<String> ownMethods(ClassDef c) {
        Set<String> own = new HashSet<>();
        for (Stmt s : c.body()) {
            if (s instanceof FunctionDef f) {
                own.add(f.name().id());
            } else if (s instanceof AsyncFunctionDef f) {
                own.add(f.name().id());
            }
        }
        return own;
    }

    private static String decoratorName(Expr d) {
        if (d instanceof Call c) {
            d = c.func();
            String inner = decoratorName(d);
            return "wraps".equals(inner) ? "wraps" : inner + "()";
        }
        if (d instanceof Name n) {
            return n.id();
        }
        if (d instanceof Attribute a) {
            return a.attr().id();
        }
        return "?";
    }

    /**
     * The signature of a def, or null when a decorator may change it. {@code bound}: called through an instance
     * (the first parameter is implicit unless staticmethod).
     */
    private static Signature signature(String name, String kind, Arguments a, List<Expr> decorators, boolean bound) {
        boolean isStatic = false;
        boolean isClass = false;
        for (Expr d : decorators) {
            String dn = decoratorName(d);
            if (!TRANSPARENT.contains(dn)) {
                return null;
            }
            isStatic |= dn.equals("staticmethod");
            isClass |= dn.equals("classmethod");
        }
        if (!bound && (isStatic || isClass)) {
            return null; // a module-level function with these is not called plainly
        }
        List<String> positional = new ArrayList<>();
        for (Arg p : a.posonlyargs()) {
            positional.add(p.arg().id());
        }
        for (Arg p : a.args()) {
            positional.add(p.arg().id());
        }
        int posOnly = a.posonlyargs().size();
        int required = positional.size() - a.defaults().size();
        if (bound && !isStatic) {
            if (positional.isEmpty()) {
                return a.vararg() != null ? new Signature(name, kind, List.of(), 0, 0, true, names(a.kwonlyargs()),
                        requiredKw(a), a.kwarg() != null) : null;
            }
            positional.remove(0);
            posOnly = Math.max(0, posOnly - 1);
            required = Math.max(0, required - 1);
        }
        return new Signature(name, kind, positional, posOnly, Math.max(0, required), a.vararg() != null,
                names(a.kwonlyargs()), requiredKw(a), a.kwarg() != null);
    }

    private static List<String> names(List<Arg> args) {
        List<String> out = new ArrayList<>();
        for (Arg a : args) {
            out.add(a.arg().id());
        }
        return out;
    }

    private static Set<String> requiredKw(Arguments a) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < a.kwonlyargs().size(); i++) {
            if (i >= a.kwDefaults().size() || a.kwDefaults().get(i) == null) {
                out.add(a.kwonlyargs().get(i).arg().id());
            }
        }
        return out;
    }

    /** The signature of a module-level function called plainly, or null when a decorator may change it. */
    static Signature functionSignature(FunctionDef f) {
        return signature(f.name().id(), "function", f.args(), f.decoratorList(), false);
    }

    /**
     * What calling the class takes as far as its own body says: its own {@code __init__} minus self, when nothing
     * in the class can intervene (its bases are checked apart, {@link #signatures}).
     */
    static Signature ownConstructor(ClassDef c) {
        if (!c.decoratorList().isEmpty() || !c.keywords().isEmpty()) {
            return null;
        }
        FunctionDef init = null;
        int inits = 0;
        for (Stmt s : c.body()) {
            if (s instanceof FunctionDef f && (f.name().id().equals("__init__") || f.name().id().equals("__new__")
                    || f.name().id().equals("__call__") || f.name().id().equals("__init_subclass__"))) {
                if (!f.name().id().equals("__init__")) {
                    return null;
                }
                init = f;
                inits++;
            } else if (!(s instanceof FunctionDef) && !(s instanceof AsyncFunctionDef) && !(s instanceof ClassDef)
                    && mentions(s, "__init__", "__new__")) {
                return null; // __init__ = something, or a conditional def
            }
        }
        if (init == null || inits != 1) {
            return null;
        }
        return signature(c.name().id(), "constructor", init.args(), init.decoratorList(), true);
    }

    /** Bases that are {@code object} or same-module classes with no metaclass, {@code __new__} or decorator. */
    private static boolean plainBases(ClassDef c, Map<String, ClassDef> classes, Predicate<ClassDef> newOrCall,
            int depth) {
        if (depth > 20) {
            return false;
        }
        for (Expr b : c.bases()) {
            if (b instanceof Name n && n.id().equals("object")) {
                continue;
            }
            if (!(b instanceof Name n) || !classes.containsKey(n.id())) {
                return false;
            }
            ClassDef base = classes.get(n.id());
            if (base == c || !base.decoratorList().isEmpty() || !base.keywords().isEmpty()
                    || newOrCall.test(base) || !plainBases(base, classes, newOrCall, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a class mentions {@code __new__} or {@code __call__} anywhere in its body. */
    static boolean mentionsNewOrCall(ClassDef c) {
        return mentionsAnywhere(c, "__new__", "__call__");
    }

    private static boolean mentionsAnywhere(ClassDef c, String a, String b) {
        for (Stmt s : c.body()) {
            if (mentions(s, a, b)) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentions(Stmt s, String a, String b) {
        boolean[] found = {false};
        dev.pyassist.python.ast.AstWalker.walk(s, (Node n) -> {
            if (n instanceof Name nm && (nm.id().equals(a) || nm.id().equals(b))) {
                found[0] = true;
            } else if (n instanceof FunctionDef f && (f.name().id().equals(a) || f.name().id().equals(b))) {
                found[0] = true;
            }
            return !found[0];
        });
        return found[0];
    }

    // ------------------------------------------------------------------ the walk over calls

    /** One scope on the way down: the names it binds locally, and for a method, its class and receiver. */
    private record Frame(Set<String> locals, ScopeNames names, ClassDef cls, String receiver,
            boolean classReceiver) {
        Frame(Set<String> locals, ClassDef cls, String receiver, boolean classReceiver) {
            this(locals, null, cls, receiver, classReceiver);
        }

        /** Whether this scope binds {@code n} (or may: a star import, a global declaration). */
        boolean binds(String n) {
            return locals.contains(n) || (names != null && (names.events.containsKey(n) || names.globals.contains(n)
                    || names.starImport));
        }
    }

    /** A node to visit, the scopes around it, and the class whose body it is directly in (else null). */
    private record Item(Node node, List<Frame> frames, ClassDef owner, SmallRules.Scope scope, boolean inInit) {
    }

    private void walk(Node root) {
        ArrayDeque<Item> stack = new ArrayDeque<>();
        // a top-level unit starts as the module's walk reaches it: no frames, no owner, in the module's scope
        stack.push(new Item(root, List.of(), null, SmallRules.Scope.MODULE, false));
        while (!stack.isEmpty()) {
            Item item = stack.pop();
            Node n = item.node;
            if (skip.contains(n)) {
                continue;
            }
            List<Frame> frames = item.frames;
            if (small != null) {
                small.visit(n, item.scope, item.inInit);
            }
            SmallRules.Scope childScope = item.scope;
            boolean childInit = item.inInit;
            if (n instanceof FunctionDef || n instanceof AsyncFunctionDef || n instanceof Lambda) {
                childScope = SmallRules.Scope.FUNCTION;
                childInit = n instanceof FunctionDef f && f.name().id().equals("__init__")
                        && item.scope == SmallRules.Scope.CLASS;
            } else if (n instanceof ClassDef) {
                childScope = SmallRules.Scope.CLASS;
                childInit = false;
            }
            if (n instanceof Call call) {
                check(call, frames);
            }
            List<Frame> inner = frames;
            if (n instanceof FunctionDef || n instanceof AsyncFunctionDef || n instanceof Lambda
                    || n instanceof ClassDef) {
                inner = new ArrayList<>(frames);
                inner.add(frame(n, item.owner));
            } else if (n instanceof dev.pyassist.python.ast.ListComp || n instanceof dev.pyassist.python.ast.SetComp
                    || n instanceof dev.pyassist.python.ast.DictComp
                    || n instanceof dev.pyassist.python.ast.GeneratorExp) {
                Set<String> own = new HashSet<>();
                for (Node k : n.children()) {
                    if (k instanceof dev.pyassist.python.ast.Comprehension c) {
                        dev.pyassist.python.ast.AstWalker.walk(c.target(), (Node t) -> {
                            if (t instanceof Name nm) {
                                own.add(nm.id());
                            }
                        });
                    }
                }
                inner = new ArrayList<>(frames);
                inner.add(new Frame(own, null, null, false));
            }
            ClassDef owner = n instanceof ClassDef c ? c : null;
            List<Node> kids = n.children();
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.push(new Item(kids.get(i), inner, owner, childScope, childInit));
            }
        }
    }

    private Frame frame(Node n, ClassDef owner) {
        Arguments args = null;
        List<Expr> decorators = List.of();
        if (n instanceof FunctionDef f) {
            args = f.args();
            decorators = f.decoratorList();
        } else if (n instanceof AsyncFunctionDef f) {
            args = f.args();
            decorators = f.decoratorList();
        } else if (!(n instanceof ClassDef)) {
            Lambda l = (Lambda) n;
            Set<String> locals = new HashSet<>();
            DefiniteAssignment.allParams(l.args()).forEach(a -> locals.add(a.arg().id()));
            return new Frame(locals, null, null, false);
        }
        ScopeNames names = scopes.of(n);
        Set<String> params = new HashSet<>();
        if (args != null) {
            DefiniteAssignment.allParams(args).forEach(a -> params.add(a.arg().id()));
        }
        if (n instanceof ClassDef || owner == null) {
            return new Frame(params, names, null, null, false);
        }
        return new Frame(params, names, owner, receiver(args, decorators, names), isClassMethod(decorators));
    }

    private static String receiver(Arguments args, List<Expr> decorators, ScopeNames names) {
        if (args == null) {
            return null;
        }
        for (Expr d : decorators) {
            if (decoratorName(d).equals("staticmethod")) {
                return null;
            }
        }
        List<Arg> pos = new ArrayList<>(args.posonlyargs());
        pos.addAll(args.args());
        if (pos.isEmpty()) {
            return null;
        }
        String r = pos.get(0).arg().id();
        return names.bound.contains(r) ? null : r; // rebinding self: no longer the instance
    }

    private static boolean isClassMethod(List<Expr> decorators) {
        for (Expr d : decorators) {
            if (decoratorName(d).equals("classmethod")) {
                return true;
            }
        }
        return false;
    }

    private void check(Call call, List<Frame> frames) {
        Signature sig = null;
        if (call.func() instanceof Name n) {
            for (Frame f : frames) {
                if (f.binds(n.id())) {
                    return; // shadowed by a local of an enclosing function or class
                }
            }
            sig = outside.function(n.id());
            if (sig == null) {
                sig = outside.constructor(n.id());
            }
        } else if (call.func() instanceof Attribute a && a.value() instanceof Name recv) {
            sig = methodSignature(frames, recv.id(), a.attr().id());
        }
        if (sig != null) {
            match(call, sig);
        }
    }

    private Signature methodSignature(List<Frame> frames, String receiver, String method) {
        if (frames.size() < 2 || outside.overridden(method)) {
            return null;
        }
        Frame fn = frames.get(frames.size() - 1);
        ClassDef cls = classOf(frames);
        if (cls == null || fn.receiver == null || !fn.receiver.equals(receiver)) {
            return null;
        }
        ClassInfo ci = info(cls);
        FunctionDef target = ci.defs.get(method);
        if (target == null || ci.twice.contains(method) || ci.asyncDefs.contains(method)
                || ci.mentioned.contains(method) || ci.storedAttributes.contains(method)) {
            return null; // defined twice, conditionally, assigned, or replaced on the instance
        }
        if (fn.classReceiver && !isClassMethod(target.decoratorList())
                && target.decoratorList().stream().noneMatch(d -> decoratorName(d).equals("staticmethod"))) {
            return null; // cls.method(...) of an instance method passes self explicitly
        }
        return signature(method, "method", target.args(), target.decoratorList(), true);
    }

    /** The class whose body defines the innermost function, when it is a method. */
    private ClassDef classOf(List<Frame> frames) {
        return frames.get(frames.size() - 1).cls;
    }

    private void match(Call call, Signature sig) {
        boolean starArgs = false;
        int positional = 0;
        List<Name> positionalNames = new ArrayList<>();
        boolean allNames = true;
        for (Expr a : call.args()) {
            if (a instanceof Starred) {
                starArgs = true;
            } else {
                positional++;
                if (a instanceof Name nm) {
                    positionalNames.add(nm);
                } else {
                    allNames = false;
                }
            }
        }
        boolean starKwargs = false;
        Set<String> given = new HashSet<>();
        for (Keyword k : call.keywords()) {
            if (k.arg() == null) {
                starKwargs = true;
                continue;
            }
            String kw = k.arg().id();
            given.add(kw);
            int at = sig.positional.indexOf(kw);
            boolean known = (at >= sig.positionalOnly) || sig.keywordOnly.contains(kw);
            if (!known && !sig.kwargs) {
                if (at >= 0) {
                    continue; // a positional-only parameter passed by keyword: pylint's positional-only-arguments-expected
                }
                out.add(new FlowIssue(FlowRule.UNEXPECTED_KEYWORD_ARG, "Unexpected keyword argument '" + kw
                        + "' in " + sig.kind + " call (" + sig.name + ")", k.start(), k.end(), Map.of("name", kw)));
            }
        }
        if (starArgs || starKwargs) {
            return; // how many values arrive is not known
        }
        if (positional > sig.positional.size() && !sig.varargs) {
            Expr extra = call.args().get(sig.positional.size());
            out.add(new FlowIssue(FlowRule.TOO_MANY_FUNCTION_ARGS, "Too many positional arguments for " + sig.kind
                    + " call (" + sig.name + " takes " + sig.positional.size() + ", " + positional + " given)",
                    extra.start(), call.args().get(call.args().size() - 1).end(), Map.of()));
            return;
        }
        for (int i = positional; i < sig.requiredPositional; i++) {
            String p = sig.positional.get(i);
            if (!given.contains(p) || i < sig.positionalOnly) {
                out.add(new FlowIssue(FlowRule.NO_VALUE_FOR_PARAMETER, "No value for argument '" + p + "' in "
                        + sig.kind + " call (" + sig.name + ")", call.start(), call.end(), Map.of("name", p)));
            }
        }
        for (String p : sig.requiredKeywordOnly) {
            if (!given.contains(p)) {
                out.add(new FlowIssue(FlowRule.NO_VALUE_FOR_PARAMETER, "No value for argument '" + p + "' in "
                        + sig.kind + " call (" + sig.name + ")", call.start(), call.end(), Map.of("name", p)));
            }
        }
        Set<String> keywordValues = new HashSet<>();
        for (Keyword k : call.keywords()) {
            if (k.value() instanceof Name nm) {
                keywordValues.add(nm.id());
            } else {
                allNames = false; // as pylint: every argument a name, or no ordering to speak of
            }
        }
        outOfOrder(call, sig, positional, positionalNames, allNames, keywordValues);
    }

    /** pylint W1114: positional arguments named as the parameters they fill, in another order. */
    private void outOfOrder(Call call, Signature sig, int positional, List<Name> args, boolean allNames,
            Set<String> keywordValues) {
        if (!allNames || positional < 2 || positional > sig.positional.size()) {
            return;
        }
        // pylint's condition: the names passed (positional and keyword values) are exactly the parameters' names,
        // so `sum_of_squares(k, n, zeros=True)` for `(n, k, zeros=False)` is no finding
        Set<String> passed = new HashSet<>(keywordValues);
        for (Name n : args) {
            passed.add(n.id());
        }
        Set<String> declared = new HashSet<>(sig.positional);
        declared.addAll(sig.keywordOnly);
        if (!passed.equals(declared)) {
            return;
        }
        List<String> params = sig.positional.subList(0, positional);
        List<String> given = new ArrayList<>();
        for (Name n : args) {
            given.add(n.id());
        }
        if (given.equals(params) || !new HashSet<>(given).equals(new HashSet<>(params))
                || new HashSet<>(given).size() != given.size()) {
            return;
        }
        Map<String, Object> data = new HashMap<>();
        data.put("order", params);
        data.put("argsStart", args.get(0).start());
        data.put("argsEnd", args.get(args.size() - 1).end());
        out.add(new FlowIssue(FlowRule.ARGUMENTS_OUT_OF_ORDER, "Positional arguments appear to be out of order ("
                + sig.name + " takes " + String.join(", ", params) + ")", args.get(0).start(),
                args.get(args.size() - 1).end(), data));
    }
}
