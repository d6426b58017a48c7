package dev.pyassist.names;

import dev.pyassist.python.Comment;
import dev.pyassist.python.ParseResult;
import dev.pyassist.python.PythonParser;
import dev.pyassist.python.ast.Alias;
import dev.pyassist.python.ast.AnnAssign;
import dev.pyassist.python.ast.Arg;
import dev.pyassist.python.ast.Arguments;
import dev.pyassist.python.ast.Assign;
import dev.pyassist.python.ast.AsyncFor;
import dev.pyassist.python.ast.AsyncFunctionDef;
import dev.pyassist.python.ast.Attribute;
import dev.pyassist.python.ast.AugAssign;
import dev.pyassist.python.ast.Await;
import dev.pyassist.python.ast.BinOp;
import dev.pyassist.python.ast.Call;
import dev.pyassist.python.ast.ClassDef;
import dev.pyassist.python.ast.Comprehension;
import dev.pyassist.python.ast.Constant;
import dev.pyassist.python.ast.ConstantKind;
import dev.pyassist.python.ast.DictComp;
import dev.pyassist.python.ast.ExceptHandler;
import dev.pyassist.python.ast.Expr;
import dev.pyassist.python.ast.ExprContext;
import dev.pyassist.python.ast.ExprStmt;
import dev.pyassist.python.ast.For;
import dev.pyassist.python.ast.FunctionDef;
import dev.pyassist.python.ast.GeneratorExp;
import dev.pyassist.python.ast.Global;
import dev.pyassist.python.ast.Identifier;
import dev.pyassist.python.ast.If;
import dev.pyassist.python.ast.IfExp;
import dev.pyassist.python.ast.Import;
import dev.pyassist.python.ast.ImportFrom;
import dev.pyassist.python.ast.Dict;
import dev.pyassist.python.ast.Keyword;
import dev.pyassist.python.ast.Lambda;
import dev.pyassist.python.ast.ListComp;
import dev.pyassist.python.ast.MatchAs;
import dev.pyassist.python.ast.MatchMapping;
import dev.pyassist.python.ast.MatchStar;
import dev.pyassist.python.ast.Module;
import dev.pyassist.python.ast.Name;
import dev.pyassist.python.ast.NamedExpr;
import dev.pyassist.python.ast.Node;
import dev.pyassist.python.ast.Nonlocal;
import dev.pyassist.python.ast.ParamSpec;
import dev.pyassist.python.ast.Return;
import dev.pyassist.python.ast.SetComp;
import dev.pyassist.python.ast.Starred;
import dev.pyassist.python.ast.Stmt;
import dev.pyassist.python.ast.Subscript;
import dev.pyassist.python.ast.Try;
import dev.pyassist.python.ast.TryStar;
import dev.pyassist.python.ast.Tuple;
import dev.pyassist.python.ast.TypeAlias;
import dev.pyassist.python.ast.TypeParam;
import dev.pyassist.python.ast.TypeVar;
import dev.pyassist.python.ast.TypeVarTuple;
import dev.pyassist.python.ast.Visitor;
import dev.pyassist.python.ast.While;
import dev.pyassist.python.ast.Yield;
import dev.pyassist.python.ast.YieldFrom;
import dev.pyassist.text.LineMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Scope analysis of one module, a port of pyflakes 2.5's checker (same scopes, bindings, processing order and
 * deferred function bodies, so it reports what pyflakes reports), restricted to the name rules.
 *
 * <p>The walk is iterative: an explicit stack of tasks (visit a node in a context, or run an action) replaces
 * pyflakes' recursion, so a 250,000-operand expression costs heap, not Java stack.
 */
public final class ScopeAnalyzer implements Visitor {
    private static final int ANN_NONE = 0;
    private static final int ANN_STRING = 1;
    private static final int ANN_BARE = 2;
    private static final List<String> TYPING_MODULES = List.of("typing", "typing_extensions");

    /** How nodes parsed from a string annotation map back to the source. */
    private record Remap(int shift, int start, int end, boolean exact) {
        int start(Node n) {
            return exact ? n.start() + shift : start;
        }

        int end(Node n) {
            return exact ? n.end() + shift : end;
        }
    }

    private record Ctx(Node node, int depth, int ann, List<String> handlers, Remap remap) {
    }

    private record Visit(Node node, Node parent, int depth, int ann, List<String> handlers, Remap remap) {
    }

    private record Deferred(Runnable action, ArrayList<Scope> stack) {
    }

    private record Meta(Node parent, int depth) {
    }

    private final String text;
    private final Module root;
    private final boolean packageInit;
    private final boolean initReexports;
    private final List<Comment> comments;
    /** Typeable statements (assignments, loops, defs, withs) by line, for {@code # type:} comments. */
    private IdentityHashMap<Node, List<Comment>> typeComments;
    /** Parent and depth of every visited node that can be an ancestor or a binding's source (not leaves). */
    private final IdentityHashMap<Node, Meta> meta;
    private final ArrayDeque<Object> work = new ArrayDeque<>();
    private final List<Deferred> deferredFunctions = new ArrayList<>();
    private final List<Deferred> deferredAssignments = new ArrayList<>();
    private final List<Scope> deadScopes = new ArrayList<>();
    private final List<NameIssue> issues = new ArrayList<>();
    private ArrayList<Scope> stack = new ArrayList<>();
    private boolean inDeferred;
    private boolean annotationsFuture;
    private LineMap lines;
    // The visit being handled.
    private Node cur;
    private Node curParent;
    private int curDepth;
    private int curAnn;
    private List<String> curHandlers = List.of();
    private Remap curRemap;

    private ScopeAnalyzer(String text, Module root, boolean packageInit, boolean initReexports,
            List<Comment> comments) {
        this.text = text;
        this.root = root;
        this.packageInit = packageInit;
        this.initReexports = initReexports;
        this.comments = comments;
        this.meta = new IdentityHashMap<>(Math.max(64, text.length() / 12));
    }

    /**
     * Analyses one parsed module.
     *
     * @param text the source the module was parsed from (for line numbers in messages)
     * @param packageInit whether the file is a package's {@code __init__.py} (its imports are re-exports, and
     *     {@code __path__} is defined)
     */
    public static List<NameIssue> analyze(String text, Module module, boolean packageInit) {
        return analyze(text, module, packageInit, packageInit, List.of());
    }

    /**
     * Analyses one parsed module.
     *
     * @param packageInit whether the file is a package's {@code __init__.py}: {@code __path__} is defined and
     *     {@code __all__} entries are not checked (as pyflakes does)
     * @param initReexports whether, in such a file, module-level imports are re-exports rather than unused
     * @param comments the file's comments, for {@code # type:} comments (PEP 484), which pyflakes checks too
     */
    public static List<NameIssue> analyze(String text, Module module, boolean packageInit, boolean initReexports,
            List<Comment> comments) {
        ScopeAnalyzer a = new ScopeAnalyzer(text, module, packageInit, packageInit && initReexports,
                comments == null ? List.of() : comments);
        a.run();
        return a.issues;
    }

    private void run() {
        Scope module = new Scope(Scope.Kind.MODULE, 512);
        stack.add(module);
        for (String b : Builtins.NAMES) {
            module.bindings.put(b, new Binding(Binding.Kind.BUILTIN, b, null, 0, 0));
        }
        collectTypeComments();
        Ctx top = new Ctx(root, 0, ANN_NONE, List.of(), null);
        List<Object> t = new ArrayList<>();
        for (Stmt s : root.body()) {
            t.add(visit(top, s));
        }
        schedule(t);
        drain();
        inDeferred = true;
        for (int i = 0; i < deferredFunctions.size(); i++) {
            Deferred d = deferredFunctions.get(i);
            stack = d.stack;
            d.action.run();
            drain();
        }
        for (Deferred d : deferredAssignments) {
            stack = d.stack;
            d.action.run();
        }
        while (stack.size() > 1) {
            stack.remove(stack.size() - 1);
        }
        deadScopes.add(stack.remove(0));
        checkDeadScopes();
    }

    // ---------------------------------------------------------------- task machinery

    private Ctx ctx() {
        return new Ctx(cur, curDepth, curAnn, curHandlers, curRemap);
    }

    private static Visit visit(Ctx c, Node n) {
        return new Visit(n, c.node, c.depth + 1, c.ann, c.handlers, c.remap);
    }

    private static Visit visit(Ctx c, Node n, int ann) {
        return new Visit(n, c.node, c.depth + 1, ann, c.handlers, c.remap);
    }

    /** Runs {@code tasks} next, in order (before whatever was already waiting). */
    private void schedule(List<Object> tasks) {
        for (int i = tasks.size() - 1; i >= 0; i--) {
            Object o = tasks.get(i);
            if (o != null && (!(o instanceof Visit) || ((Visit) o).node != null)) {
                work.push(o);
            }
        }
    }

    private void drain() {
        while (!work.isEmpty()) {
            Object o = work.pop();
            if (o instanceof Visit v) {
                Node n = v.node;
                if (!(n instanceof Constant) && !(n instanceof Name nm && nm.ctx() == ExprContext.LOAD)) {
                    meta.put(n, new Meta(v.parent, v.depth));
                }
                cur = v.node;
                curParent = v.parent;
                curDepth = v.depth;
                curAnn = v.ann;
                curHandlers = v.handlers;
                curRemap = v.remap;
                v.node.accept(this);
            } else {
                ((Runnable) o).run();
            }
        }
    }

    private void children(Node node) {
        List<Node> ch = node.children();
        for (int i = ch.size() - 1; i >= 0; i--) {
            Node n = ch.get(i);
            if (n != null) {
                work.push(new Visit(n, cur, curDepth + 1, curAnn, curHandlers, curRemap));
            }
        }
    }

    private void deferFunction(Runnable r) {
        deferredFunctions.add(new Deferred(r, new ArrayList<>(stack)));
    }

    private Scope scope() {
        return stack.get(stack.size() - 1);
    }

    private void pushScope(Scope.Kind kind) {
        stack.add(new Scope(kind));
    }

    private void popScope() {
        deadScopes.add(stack.remove(stack.size() - 1));
    }

    @Override
    public void defaultVisit(Node node) {
        children(node);
    }

    // ---------------------------------------------------------------- tree helpers

    private Node parent(Node n) {
        Meta m = meta.get(n);
        return m == null ? null : m.parent;
    }

    private void record(Node n, Node parent, int depth) {
        meta.put(n, new Meta(parent, depth));
    }

    /** pyflakes' {@code getParent}: the first ancestor that is not a tuple, list, set, starred or other context node. */
    private Node getParent(Node n) {
        Node p = parent(n);
        while (p != null && hasEltsOrCtx(p)) {
            p = parent(p);
        }
        return p;
    }

    private static boolean hasEltsOrCtx(Node p) {
        return p instanceof Tuple || p instanceof dev.pyassist.python.ast.List || p instanceof dev.pyassist.python.ast.Set
                || p instanceof Starred || p instanceof Name || p instanceof Attribute || p instanceof Subscript;
    }

    private Node commonAncestor(Node l, Node r, Node stop) {
        while (true) {
            if (l == stop || r == stop || l == null || r == null) {
                return null;
            }
            Meta ml = meta.get(l);
            Meta mr = meta.get(r);
            if (ml == null || mr == null) {
                return null;
            }
            if (l == r) {
                return l;
            }
            if (ml.depth > mr.depth) {
                l = ml.parent;
            } else if (ml.depth < mr.depth) {
                r = mr.parent;
            } else {
                l = ml.parent;
                r = mr.parent;
            }
        }
    }

    private boolean descendantOf(Node node, List<? extends Node> ancestors, Node stop) {
        for (Node a : ancestors) {
            if (commonAncestor(node, a, stop) != null) {
                return true;
            }
        }
        return false;
    }

    private boolean differentForks(Node l, Node r) {
        Node ancestor = commonAncestor(l, r, root);
        List<List<? extends Node>> parts = new ArrayList<>();
        if (ancestor instanceof If i) {
            parts.add(i.body());
        } else if (ancestor instanceof Try t) {
            List<Node> first = new ArrayList<>(t.body());
            first.addAll(t.orelse());
            parts.add(first);
            for (ExceptHandler h : t.handlers()) {
                parts.add(List.of(h));
            }
        } else if (ancestor instanceof dev.pyassist.python.ast.Match m) {
            // pyflakes 4.1: each case's body is an alternative
            for (dev.pyassist.python.ast.MatchCase mc : m.cases()) parts.add(mc.body());
        } else {
            return false;
        }
        for (List<? extends Node> items : parts) {
            if (descendantOf(l, items, ancestor) ^ descendantOf(r, items, ancestor)) {
                return true;
            }
        }
        return false;
    }

    private Node scopeNode(Node n) {
        Node p = n;
        while (p != null && p != root) {
            p = getParent(p);
            if (p instanceof FunctionDef || p instanceof AsyncFunctionDef || p instanceof Lambda
                    || p instanceof ClassDef || p instanceof Module || p instanceof ListComp || p instanceof SetComp
                    || p instanceof GeneratorExp || p instanceof DictComp) {
                return p;
            }
        }
        return null;
    }

    /**
     * A Name's identifier as Python compares it: NFKC-normalised (PEP 3131). Works around the parser leaving
     * {@code Name.id} as written ({@code Identifier} ids are normalised already).
     */
    static String id(Name n) {
        String id = n.id();
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) >= 0x80) {
                return java.text.Normalizer.normalize(id, java.text.Normalizer.Form.NFKC);
            }
        }
        return id;
    }

    private static String nodeName(Node node) {
        if (node instanceof Name n) {
            return id(n);
        }
        if (node instanceof ExceptHandler h) {
            return h.name() == null ? null : h.name().id();
        }
        if (node instanceof MatchAs m) {
            return m.name() == null ? null : m.name().id();
        }
        if (node instanceof MatchStar m) {
            return m.name() == null ? null : m.name().id();
        }
        if (node instanceof MatchMapping m) {
            return m.rest() == null ? null : m.rest().id();
        }
        return null;
    }

    /** Source range of the name a node binds or reads. */
    private int[] nameRange(Node node) {
        Identifier id = null;
        if (node instanceof ExceptHandler h) {
            id = h.name();
        } else if (node instanceof MatchAs m) {
            id = m.name();
        } else if (node instanceof MatchStar m) {
            id = m.name();
        } else if (node instanceof MatchMapping m) {
            id = m.rest();
        }
        if (id != null) {
            return new int[] {id.start(), id.end()};
        }
        if (curRemap != null) {
            return new int[] {curRemap.start(node), curRemap.end(node)};
        }
        return new int[] {node.start(), node.end()};
    }

    // ---------------------------------------------------------------- typing helpers

    private boolean typingHelper(Node node, Predicate<String> match) {
        if (node instanceof Name n) {
            for (int i = stack.size() - 1; i >= 0; i--) {
                Binding b = stack.get(i).get(id(n));
                if (b != null) {
                    return b.kind == Binding.Kind.IMPORTATION_FROM && TYPING_MODULES.contains(b.module)
                            && match.test(b.realName);
                }
            }
            return false;
        }
        if (node instanceof Attribute a && a.value() instanceof Name v) {
            for (int i = stack.size() - 1; i >= 0; i--) {
                Binding b = stack.get(i).get(id(v));
                if (b != null) {
                    return b.isImportation() && TYPING_MODULES.contains(b.fullName) && match.test(a.attr().id());
                }
            }
        }
        return false;
    }

    private boolean isTyping(Node node, String attr) {
        return typingHelper(node, attr::equals);
    }

    /** The typing-module member {@code node} names ({@code cast}, {@code TypeVar}...), or null. */
    private String typingMember(Node node) {
        String[] found = new String[1];
        return typingHelper(node, x -> {
            found[0] = x;
            return true;
        }) ? found[0] : null;
    }

    private static boolean isNameOrAttr(Node node, String name) {
        return (node instanceof Name n && n.id().equals(name))
                || (node instanceof Attribute a && a.attr().id().equals(name));
    }

    private boolean isTypingOverload(Binding b) {
        List<Expr> decorators;
        if (b.source instanceof FunctionDef f) {
            decorators = f.decoratorList();
        } else if (b.source instanceof AsyncFunctionDef f) {
            decorators = f.decoratorList();
        } else {
            return false;
        }
        for (Expr d : decorators) {
            if (isTyping(d, "overload")) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- reporting

    private int line(int offset) {
        if (lines == null) {
            lines = new LineMap(text);
        }
        return lines.lineOf(offset) + 1;
    }

    private static String repr(String s) {
        return s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' + s + '"' : "'" + s + "'";
    }

    private void report(IssueKind kind, String name, String arg, String message, int start, int end, int ref,
            String suggestion) {
        issues.add(new NameIssue(kind, name, arg, message, start, end, ref, suggestion));
    }

    private int refOffset(Binding b) {
        if (b.source == null) {
            return b.start;
        }
        if (b.source instanceof FunctionDef || b.source instanceof AsyncFunctionDef
                || b.source instanceof ClassDef) {
            return b.start;
        }
        return b.source.start();
    }

    private void reportRedefined(Binding existing, String name, int start, int end, int ref) {
        report(IssueKind.REDEFINED_WHILE_UNUSED, name, name,
                "redefinition of unused " + repr(name) + " from line " + line(refOffset(existing)),
                start, end, ref, null);
    }

    private void reportShadowed(Binding existing, String name, int start, int end, int ref) {
        report(IssueKind.IMPORT_SHADOWED_BY_LOOP_VAR, name, name,
                "import " + repr(name) + " from line " + line(refOffset(existing)) + " shadowed by loop variable",
                start, end, ref, null);
    }

    // ---------------------------------------------------------------- bindings

    private void addBinding(Node node, Binding value) {
        Scope found = stack.get(0);
        for (int i = stack.size() - 1; i >= 0; i--) {
            found = stack.get(i);
            if (found.has(value.name)) {
                break;
            }
        }
        Binding existing = found.get(value.name);
        Scope current = scope();
        if (existing != null && existing.kind != Binding.Kind.BUILTIN && !differentForks(node, existing.source)) {
            Node parentStmt = value.source == null ? null : getParent(value.source);
            int ref = refNode(node, value);
            if (existing.isImportation() && (parentStmt instanceof For || parentStmt instanceof AsyncFor)) {
                reportShadowed(existing, value.name, value.start, value.end, ref);
            } else if (found == current) {
                if (!existing.used && value.redefines(existing)
                        && (!value.name.equals("_") || existing.isImportation())
                        && !isTypingOverload(existing)) {
                    reportRedefined(existing, value.name, value.start, value.end, ref);
                }
            } else if (existing.isImportation() && value.redefines(existing)) {
                existing.addRedefined(node, value.start, value.end);
            }
        }
        Binding old = current.get(value.name);
        if (old != null) {
            value.copyUse(old);
        }
        if (old == null || value.kind != Binding.Kind.ANNOTATION) {
            int pos = stack.size() - 1;
            while (value.kind == Binding.Kind.NAMED_EXPR_ASSIGNMENT && pos > 0
                    && stack.get(pos).kind == Scope.Kind.GENERATOR) {
                pos--;
            }
            stack.get(pos).bindings.put(value.name, value);
        }
    }

    private int refNode(Node node, Binding value) {
        if (node instanceof FunctionDef || node instanceof AsyncFunctionDef || node instanceof ClassDef) {
            return value.start;
        }
        return node.start();
    }

    private void handleNodeLoad(Node node, String name) {
        if (name == null) {
            return;
        }
        Boolean inGenerators = null;
        boolean importStarred = false;
        Scope current = scope();
        for (int i = stack.size() - 1; i >= 0; i--) {
            Scope s = stack.get(i);
            if (s.kind == Scope.Kind.CLASS) {
                if (name.equals("__class__")) {
                    return;
                } else if (Boolean.FALSE.equals(inGenerators)) {
                    continue;
                }
            }
            Binding b = s.get(name);
            if (b != null && b.kind == Binding.Kind.ANNOTATION && !inPostponedAnnotation()) {
                continue;
            }
            if (b != null) {
                b.use(current, node);
                if (b.isImportation() && b.hasAlias()) {
                    Binding full = s.get(b.fullName);
                    if (full != null) {
                        full.use(current, node);
                    }
                }
                return;
            }
            importStarred = importStarred || s.importStarred;
            if (!Boolean.FALSE.equals(inGenerators)) {
                inGenerators = s.kind == Scope.Kind.GENERATOR;
            }
        }
        int[] r = nameRange(node);
        if (importStarred) {
            List<String> from = new ArrayList<>();
            for (int i = stack.size() - 1; i >= 0; i--) {
                for (Binding b : stack.get(i).bindings.values()) {
                    if (b.kind == Binding.Kind.STAR_IMPORTATION) {
                        b.use(current, node);
                        from.add(b.fullName);
                    }
                }
            }
            from.sort(null);
            report(IssueKind.IMPORT_STAR_USAGE, name, name, repr(name)
                    + " may be undefined, or defined from star imports: " + String.join(", ", from),
                    r[0], r[1], r[0], null);
            return;
        }
        if (name.equals("__path__") && packageInit) {
            return;
        }
        if ((name.equals("__module__") || name.equals("__qualname__")) && current.kind == Scope.Kind.CLASS) {
            return;
        }
        if (!curHandlers.contains("NameError")) {
            report(IssueKind.UNDEFINED_NAME, name, name, "undefined name " + repr(name), r[0], r[1], r[0],
                    suggestion(name));
        }
    }

    /** pyflakes 4.1: a string annotation, or a bare one under 'from __future__ import annotations'. */
    private boolean inPostponedAnnotation() {
        return curAnn == ANN_STRING || (curAnn == ANN_BARE && annotationsFuture);
    }

    /** The one visible name one edit (insert, delete, substitute, swap) away from {@code name}, if exactly one. */
    private String suggestion(String name) {
        String found = null;
        Boolean inGenerators = null;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = stack.size() - 1; i >= 0; i--) {
            Scope s = stack.get(i);
            if (s.kind == Scope.Kind.CLASS && Boolean.FALSE.equals(inGenerators)) {
                continue;
            }
            for (Binding b : s.bindings.values()) {
                if (b.kind == Binding.Kind.STAR_IMPORTATION || b.kind == Binding.Kind.ANNOTATION) {
                    continue;
                }
                if (seen.add(b.name) && Similarity.oneEdit(name, b.name)) {
                    if (found != null) {
                        return null;
                    }
                    found = b.name;
                }
            }
            if (!Boolean.FALSE.equals(inGenerators)) {
                inGenerators = s.kind == Scope.Kind.GENERATOR;
            }
        }
        return found;
    }

    private void handleNodeStore(Node node) {
        String name = nodeName(node);
        if (name == null) {
            return;
        }
        Scope current = scope();
        if (current.isFunction() && !current.has(name)) {
            for (int i = 0; i < stack.size() - 1; i++) {
                Scope s = stack.get(i);
                if (s.kind != Scope.Kind.FUNCTION && s.kind != Scope.Kind.MODULE) {
                    continue;
                }
                Binding b = s.get(name);
                if (b != null && b.used && b.usedScope == current && !current.globals.contains(name)) {
                    Node use = b.usedNode;
                    report(IssueKind.UNDEFINED_LOCAL, name, name, "local variable " + repr(name)
                            + " defined in enclosing scope on line " + line(refOffset(b)) + " referenced before assignment",
                            use.start(), use.end(), use.start(), null);
                    break;
                }
            }
        }
        Node parentStmt = getParent(node);
        Node direct = parent(node);
        int[] r = nameRange(node);
        Binding.Kind kind;
        if (parentStmt instanceof AnnAssign a && a.value() == null) {
            kind = Binding.Kind.ANNOTATION;
        } else if (parentStmt instanceof For || parentStmt instanceof AsyncFor || parentStmt instanceof Comprehension
                || (parentStmt != direct && !isLiteralTupleUnpacking(parentStmt))) {
            kind = Binding.Kind.BINDING;
        } else if (name.equals("__all__") && current.kind == Scope.Kind.MODULE
                && (direct instanceof Assign || direct instanceof AugAssign || direct instanceof AnnAssign)) {
            Binding b = new Binding(Binding.Kind.EXPORT, name, direct, r[0], r[1]);
            exportNames(b, direct, current);
            addBinding(node, b);
            return;
        } else if (parentStmt instanceof NamedExpr) {
            kind = Binding.Kind.NAMED_EXPR_ASSIGNMENT;
        } else {
            kind = Binding.Kind.ASSIGNMENT;
        }
        addBinding(node, new Binding(kind, name, node, r[0], r[1]));
    }

    private static boolean isLiteralTupleUnpacking(Node node) {
        if (node instanceof Assign a) {
            for (Expr t : a.targets()) {
                if (!hasElts(t)) {
                    return false;
                }
            }
            return hasElts(a.value());
        }
        return false;
    }

    private static boolean hasElts(Node n) {
        return n instanceof Tuple || n instanceof dev.pyassist.python.ast.List || n instanceof dev.pyassist.python.ast.Set;
    }

    private void exportNames(Binding b, Node source, Scope scope) {
        b.exportNames = new ArrayList<>();
        b.exportRanges = new ArrayList<>();
        Binding old = scope.get("__all__");
        if (old != null && source instanceof AugAssign && old.exportNames != null) {
            b.exportNames.addAll(old.exportNames);
            b.exportRanges.addAll(old.exportRanges);
        }
        Expr value = source instanceof Assign a ? a.value()
                : source instanceof AugAssign au ? au.value() : ((AnnAssign) source).value();
        if (hasElts(value) && !(value instanceof dev.pyassist.python.ast.Set)) {
            addExportNames(b, value);
        } else if (value instanceof BinOp bin) {
            BinOp current = bin;
            while (isListOrTuple(current.right())) {
                Expr left = current.left();
                addExportNames(b, current.right());
                if (left instanceof BinOp lb) {
                    current = lb;
                } else if (isListOrTuple(left)) {
                    addExportNames(b, left);
                    break;
                } else {
                    break;
                }
            }
        }
    }

    private static boolean isListOrTuple(Node n) {
        return n instanceof Tuple || n instanceof dev.pyassist.python.ast.List;
    }

    private static void addExportNames(Binding b, Expr container) {
        List<Expr> elts = container instanceof Tuple t ? t.elts() : ((dev.pyassist.python.ast.List) container).elts();
        for (Expr e : elts) {
            if (e instanceof Constant c && c.kind() == ConstantKind.STR) {
                b.exportNames.add(c.value());
                b.exportRanges.add(new int[] {c.start(), c.end()});
            }
        }
    }

    private void handleNodeDelete(Node node) {
        String name = nodeName(node);
        if (name == null) {
            return;
        }
        for (Node p = parent(node); p != null; p = parent(p)) {
            if (p instanceof If || p instanceof While || p instanceof IfExp) {
                return;
            }
        }
        Scope current = scope();
        if (current.isFunction() && current.globals.contains(name)) {
            current.globals.remove(name);
        } else if (current.bindings.remove(name) == null) {
            int[] r = nameRange(node);
            report(IssueKind.UNDEFINED_NAME, name, name, "undefined name " + repr(name), r[0], r[1], r[0],
                    suggestion(name));
        }
    }

    // ---------------------------------------------------------------- annotations

    private void handleAnnotation(Ctx c, Expr annotation, Node node) {
        if (annotation == null) {
            return;
        }
        if (annotation instanceof Constant k && k.kind() == ConstantKind.STR) {
            deferFunction(() -> handleStringAnnotation(k, node, c.remap));
        } else if (annotationsFuture) {
            deferFunction(() -> schedule(List.of(
                    new Visit(annotation, node, 1, ANN_BARE, List.of(), c.remap))));
        } else {
            schedule(List.of(visit(c, annotation, ANN_BARE)));
        }
    }

    /** Parses a string annotation and checks the names in it (run as a deferred task or at once when deferred). */
    private void handleStringAnnotation(Constant constant, Node parent, Remap outer) {
        String s = constant.value();
        if (s == null) {
            return;
        }
        Remap remap;
        if (outer != null) {
            remap = new Remap(0, outer.start, outer.end, false);
        } else {
            int st = constant.start();
            int en = constant.end();
            String src = text.substring(Math.min(st, text.length()), Math.min(en, text.length()));
            boolean simple = src.length() >= 2 && (src.charAt(0) == '\'' || src.charAt(0) == '"')
                    && !src.startsWith("'''") && !src.startsWith("\"\"\"")
                    && src.substring(1, src.length() - 1).equals(s);
            remap = new Remap(st + 1, st, en, simple);
        }
        handleAnnotationText(s, parent, remap);
    }

    private void handleAnnotationText(String s, Node parent, Remap remap) {
        ParseResult parsed;
        try {
            parsed = PythonParser.parse(s);
        } catch (RuntimeException e) {
            return;
        }
        if (!parsed.ok() || parsed.module() == null || parsed.module().body().size() != 1
                || !(parsed.module().body().get(0) instanceof ExprStmt stmt)) {
            return;
        }
        schedule(List.of(new Visit(stmt.value(), parent, 1, ANN_STRING, List.of(), remap)));
    }

    private static final java.util.regex.Pattern TYPE_COMMENT = java.util.regex.Pattern.compile("^#\\s*type:\\s*");
    private static final java.util.regex.Pattern TYPE_IGNORE =
            java.util.regex.Pattern.compile("^#\\s*type:\\s*ignore([\\x00-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f]|$)");
    private static final java.util.regex.Pattern TYPE_FUNC = java.util.regex.Pattern.compile("^(\\(.*?\\))\\s*->\\s*(.*)$");

    /** pyflakes' {@code _collect_type_comments}: each type comment belongs to the last typeable statement at or above it. */
    private void collectTypeComments() {
        List<Comment> typeComments = new ArrayList<>();
        for (Comment c : comments) {
            if (TYPE_COMMENT.matcher(c.text()).find() && !TYPE_IGNORE.matcher(c.text()).find()) {
                typeComments.add(c);
            }
        }
        if (typeComments.isEmpty()) {
            return;
        }
        java.util.TreeMap<Integer, Node> typeable = new java.util.TreeMap<>();
        dev.pyassist.python.ast.AstWalker.walk(root, n -> {
            if (n instanceof Assign || n instanceof For || n instanceof AsyncFor
                    || n instanceof dev.pyassist.python.ast.With || n instanceof dev.pyassist.python.ast.AsyncWith) {
                typeable.put(line(n.start()), n);
            } else if (n instanceof FunctionDef f) {
                typeable.put(line(f.name().start()), n);
            } else if (n instanceof AsyncFunctionDef f) {
                typeable.put(line(f.name().start()), n);
            }
        });
        this.typeComments = new IdentityHashMap<>();
        for (Comment c : typeComments) {
            var entry = typeable.floorEntry(c.line());
            if (entry != null) {
                this.typeComments.computeIfAbsent(entry.getValue(), k -> new ArrayList<>()).add(c);
            }
        }
    }

    /** pyflakes' {@code _handle_type_comments}, run when a typeable statement's children are handled. */
    private void handleTypeComments(Node node) {
        if (typeComments == null) {
            return;
        }
        List<Comment> list = typeComments.get(node);
        if (list == null) {
            return;
        }
        for (Comment c : list) {
            String comment = c.text().substring(c.text().indexOf(':') + 1).strip();
            var m = TYPE_FUNC.matcher(comment);
            List<String> parts = m.matches() ? List.of(m.group(1).replace("*", ""), m.group(2).strip())
                    : List.of(comment);
            Remap remap = new Remap(0, c.start(), c.end(), false);
            for (String part : parts) {
                deferFunction(() -> handleAnnotationText(part, node, remap));
            }
        }
    }

    // ---------------------------------------------------------------- functions and classes

    private void functionLike(Node node, Identifier name, Arguments args, List<Stmt> body, List<Expr> decorators,
            Expr returns, List<TypeParam> typeParams) {
        Ctx c = ctx();
        List<Object> t = new ArrayList<>();
        for (Expr d : decorators) {
            t.add(visit(c, d));
        }
        if (!typeParams.isEmpty()) {
            t.add((Runnable) () -> pushScope(Scope.Kind.TYPE_PARAMS));
            for (TypeParam p : typeParams) {
                t.add(visit(c, p));
            }
        }
        t.add((Runnable) () -> lambdaPart(c, node, args, returns, body, null));
        if (!typeParams.isEmpty()) {
            t.add((Runnable) this::popScope);
        }
        t.add((Runnable) () -> addBinding(node,
                new Binding(Binding.Kind.FUNCTION_DEFINITION, name.id(), node, name.start(), name.end())));
        schedule(t);
    }

    private void lambdaPart(Ctx c, Node node, Arguments args, Expr returns, List<Stmt> body, Expr lambdaBody) {
        List<Object> t = new ArrayList<>();
        boolean annotated = lambdaBody == null;
        if (annotated) {
            List<Arg> all = new ArrayList<>(args.posonlyargs());
            all.addAll(args.args());
            all.addAll(args.kwonlyargs());
            if (args.vararg() != null) {
                all.add(args.vararg());
            }
            if (args.kwarg() != null) {
                all.add(args.kwarg());
            }
            for (Arg a : all) {
                if (a.annotation() != null) {
                    t.add((Runnable) () -> handleAnnotation(c, a.annotation(), node));
                }
            }
            if (returns != null) {
                t.add((Runnable) () -> handleAnnotation(c, returns, node));
            }
        }
        for (Expr d : args.defaults()) {
            t.add(visit(c, d));
        }
        for (Expr d : args.kwDefaults()) {
            if (d != null) {
                t.add(visit(c, d));
            }
        }
        t.add((Runnable) () -> deferFunction(() -> runFunction(node, args, body, lambdaBody)));
        schedule(t);
    }

    private void runFunction(Node node, Arguments args, List<Stmt> body, Expr lambdaBody) {
        pushScope(Scope.Kind.FUNCTION);
        handleTypeComments(node);
        Ctx c = new Ctx(node, 0, ANN_NONE, List.of(), null);
        List<Object> t = new ArrayList<>();
        t.add(visit(c, args));
        if (lambdaBody != null) {
            t.add(visit(c, lambdaBody));
        } else {
            for (Stmt s : body) {
                t.add(visit(c, s));
            }
        }
        t.add((Runnable) () -> {
            Scope fs = scope();
            deferredAssignments.add(new Deferred(() -> checkUnusedAssignments(fs), new ArrayList<>(stack)));
            popScope();
        });
        schedule(t);
    }

    private void checkUnusedAssignments(Scope s) {
        for (Binding b : s.bindings.values()) {
            if (!b.used && !b.name.equals("_") && !s.globals.contains(b.name) && !s.usesLocals && b.isAssignment()
                    && !(s.isFunction() && Scope.ALWAYS_USED.contains(b.name))) {
                report(IssueKind.UNUSED_VARIABLE, b.name, b.name,
                        "local variable " + repr(b.name) + " is assigned to but never used",
                        b.start, b.end, b.source.start(), null);
            }
        }
    }

    @Override
    public void visitFunctionDef(FunctionDef n) {
        functionLike(n, n.name(), n.args(), n.body(), n.decoratorList(), n.returns(), n.typeParams());
    }

    @Override
    public void visitAsyncFunctionDef(AsyncFunctionDef n) {
        functionLike(n, n.name(), n.args(), n.body(), n.decoratorList(), n.returns(), n.typeParams());
    }

    @Override
    public void visitLambda(Lambda n) {
        lambdaPart(ctx(), n, n.args(), null, null, n.body());
    }

    @Override
    public void visitArguments(Arguments n) {
        Ctx c = ctx();
        List<Object> t = new ArrayList<>();
        for (Arg a : n.posonlyargs()) {
            t.add(visit(c, a));
        }
        for (Arg a : n.args()) {
            t.add(visit(c, a));
        }
        t.add(n.vararg() == null ? null : visit(c, n.vararg()));
        for (Arg a : n.kwonlyargs()) {
            t.add(visit(c, a));
        }
        t.add(n.kwarg() == null ? null : visit(c, n.kwarg()));
        schedule(t);
    }

    @Override
    public void visitArg(Arg n) {
        addBinding(n, new Binding(Binding.Kind.ARGUMENT, n.arg().id(), scopeNode(n), n.arg().start(), n.arg().end()));
    }

    @Override
    public void visitClassDef(ClassDef n) {
        Ctx c = ctx();
        List<Object> t = new ArrayList<>();
        for (Expr d : n.decoratorList()) {
            t.add(visit(c, d));
        }
        if (!n.typeParams().isEmpty()) {
            t.add((Runnable) () -> pushScope(Scope.Kind.TYPE_PARAMS));
            for (TypeParam p : n.typeParams()) {
                t.add(visit(c, p));
            }
        }
        for (Expr b : n.bases()) {
            t.add(visit(c, b));
        }
        for (Keyword k : n.keywords()) {
            t.add(visit(c, k));
        }
        t.add((Runnable) () -> pushScope(Scope.Kind.CLASS));
        for (Stmt s : n.body()) {
            t.add(visit(c, s));
        }
        t.add((Runnable) this::popScope);
        if (!n.typeParams().isEmpty()) {
            t.add((Runnable) this::popScope);
        }
        t.add((Runnable) () -> addBinding(n, new Binding(Binding.Kind.CLASS_DEFINITION, n.name().id(), n,
                n.name().start(), n.name().end())));
        schedule(t);
    }

    private void typeParam(Node n, Identifier name, Expr bound, Expr defaultValue) {
        addBinding(n, new Binding(Binding.Kind.BINDING, name.id(), n, name.start(), name.end()));
        // a bound and a PEP 696 default are both evaluated lazily, like annotations
        for (Expr lazy : new Expr[] {bound, defaultValue}) {
            if (lazy != null) {
                Ctx c = ctx();
                deferFunction(() -> schedule(List.of(new Visit(lazy, n, 1, ANN_BARE, List.of(), c.remap))));
            }
        }
    }

    @Override
    public void visitTypeVar(TypeVar n) {
        typeParam(n, n.name(), n.bound(), n.defaultValue());
    }

    @Override
    public void visitParamSpec(ParamSpec n) {
        typeParam(n, n.name(), null, n.defaultValue());
    }

    @Override
    public void visitTypeVarTuple(TypeVarTuple n) {
        typeParam(n, n.name(), null, n.defaultValue());
    }

    @Override
    public void visitTypeAlias(TypeAlias n) {
        if (n.name() instanceof Name nm) {
            record(nm, n, curDepth + 1);
            addBinding(nm, new Binding(Binding.Kind.BINDING, id(nm), nm, nm.start(), nm.end()));
        }
        Ctx c = ctx();
        boolean params = !n.typeParams().isEmpty();
        if (params) {
            pushScope(Scope.Kind.TYPE_PARAMS);
        }
        List<Object> t = new ArrayList<>();
        for (TypeParam p : n.typeParams()) {
            t.add(visit(c, p));
        }
        t.add((Runnable) () -> deferFunction(() -> schedule(List.of(
                new Visit(n.value(), n, 1, ANN_BARE, List.of(), c.remap)))));
        if (params) {
            t.add((Runnable) this::popScope);
        }
        schedule(t);
    }

    @Override
    public void visitReturn(Return n) {
        if (scope().kind == Scope.Kind.CLASS || scope().kind == Scope.Kind.MODULE) {
            return;
        }
        children(n);
    }

    private void yieldLike(Node n) {
        if (scope().kind == Scope.Kind.CLASS || scope().kind == Scope.Kind.MODULE) {
            return;
        }
        children(n);
    }

    @Override
    public void visitYield(Yield n) {
        yieldLike(n);
    }

    @Override
    public void visitYieldFrom(YieldFrom n) {
        yieldLike(n);
    }

    @Override
    public void visitAwait(Await n) {
        yieldLike(n);
    }

    // ---------------------------------------------------------------- statements

    @Override
    public void visitAssign(Assign n) {
        handleTypeComments(n);
        Ctx c = ctx();
        List<Object> t = new ArrayList<>();
        t.add(visit(c, n.value()));
        for (Expr target : n.targets()) {
            t.add(visit(c, target));
        }
        schedule(t);
    }

    @Override
    public void visitAugAssign(AugAssign n) {
        handleNodeLoad(n.target(), nodeName(n.target()));
        Ctx c = ctx();
        schedule(List.of(visit(c, n.value()), visit(c, n.target())));
    }

    @Override
    public void visitAnnAssign(AnnAssign n) {
        Ctx c = ctx();
        List<Object> t = new ArrayList<>();
        // pyflakes 4.1's order: the annotation, the value, then the target ('x: int = x' reads x unbound)
        t.add((Runnable) () -> handleAnnotation(c, n.annotation(), n));
        if (n.value() != null) {
            t.add((Runnable) () -> {
                if (isTyping(n.annotation(), "TypeAlias")) {
                    handleAnnotation(c, n.value(), n);
                } else {
                    schedule(List.of(visit(c, n.value())));
                }
            });
        }
        t.add(visit(c, n.target()));
        schedule(t);
    }

    private void forLike(Node n, Expr target, Expr iter, List<Stmt> body, List<Stmt> orelse) {
        handleTypeComments(n);
        Ctx c = ctx();
        List<Object> t = new ArrayList<>();
        t.add(visit(c, iter));
        t.add(visit(c, target));
        for (Stmt s : body) {
            t.add(visit(c, s));
        }
        for (Stmt s : orelse) {
            t.add(visit(c, s));
        }
        schedule(t);
    }

    @Override
    public void visitFor(For n) {
        forLike(n, n.target(), n.iter(), n.body(), n.orelse());
    }

    @Override
    public void visitAsyncFor(AsyncFor n) {
        forLike(n, n.target(), n.iter(), n.body(), n.orelse());
    }

    private void tryLike(Node n, List<Stmt> body, List<ExceptHandler> handlers, List<Stmt> orelse,
            List<Stmt> finalbody) {
        List<String> names = new ArrayList<>();
        for (ExceptHandler h : handlers) {
            if (h.type() instanceof Tuple tuple) {
                for (Expr e : tuple.elts()) {
                    names.add(nodeName(e));
                }
            } else if (h.type() != null) {
                names.add(nodeName(h.type()));
            }
        }
        Ctx c = ctx();
        Ctx bodyCtx = new Ctx(c.node, c.depth, c.ann, names, c.remap);
        List<Object> t = new ArrayList<>();
        for (Stmt s : body) {
            t.add(visit(bodyCtx, s));
        }
        for (ExceptHandler h : handlers) {
            t.add(visit(c, h));
        }
        for (Stmt s : orelse) {
            t.add(visit(c, s));
        }
        for (Stmt s : finalbody) {
            t.add(visit(c, s));
        }
        schedule(t);
    }

    @Override
    public void visitTry(Try n) {
        tryLike(n, n.body(), n.handlers(), n.orelse(), n.finalbody());
    }

    @Override
    public void visitTryStar(TryStar n) {
        tryLike(n, n.body(), n.handlers(), n.orelse(), n.finalbody());
    }

    @Override
    public void visitExceptHandler(ExceptHandler n) {
        if (n.name() == null) {
            children(n);
            return;
        }
        String name = n.name().id();
        Scope s = scope();
        if (s.has(name)) {
            handleNodeStore(n);
        }
        Binding prev = s.bindings.remove(name);
        handleNodeStore(n);
        Ctx c = ctx();
        List<Object> t = new ArrayList<>();
        if (n.type() != null) {
            t.add(visit(c, n.type()));
        }
        for (Stmt st : n.body()) {
            t.add(visit(c, st));
        }
        t.add((Runnable) () -> {
            Binding b = s.bindings.remove(name);
            if (b != null && !b.used) {
                report(IssueKind.UNUSED_VARIABLE, name, name,
                        "local variable " + repr(name) + " is assigned to but never used",
                        n.name().start(), n.name().end(), n.start(), null);
            }
            if (prev != null) {
                s.bindings.put(name, prev);
            }
        });
        schedule(t);
    }

    private void global(Node node, List<Identifier> names) {
        Scope global = stack.get(0);
        if (scope() == global) {
            return;
        }
        for (Identifier id : names) {
            String name = id.id();
            Binding value = new Binding(Binding.Kind.ASSIGNMENT, name, node, id.start(), id.end());
            issues.removeIf(i -> i.kind() == IssueKind.UNDEFINED_NAME && i.name().equals(name));
            global.bindings.putIfAbsent(name, value);
            value.use(global, node);
            for (int i = 1; i < stack.size(); i++) {
                stack.get(i).bindings.put(name, value);
            }
        }
    }

    @Override
    public void visitGlobal(Global n) {
        global(n, n.names());
    }

    @Override
    public void visitNonlocal(Nonlocal n) {
        global(n, n.names());
    }

    @Override
    public void visitImport(Import n) {
        for (Alias a : n.names()) {
            String full = a.name().id();
            Binding b;
            if (full.indexOf('.') >= 0 && a.asname() == null) {
                b = new Binding(Binding.Kind.SUBMODULE_IMPORTATION, full.substring(0, full.indexOf('.')), n,
                        a.start(), a.end());
            } else {
                String name = a.asname() != null ? a.asname().id() : full;
                b = new Binding(Binding.Kind.IMPORTATION, name, n, a.start(), a.end());
            }
            b.fullName = full;
            b.alias = a;
            addBinding(n, b);
        }
    }

    @Override
    public void visitImportFrom(ImportFrom n) {
        String modName = n.module() == null ? "" : n.module().id();
        String module = ".".repeat(n.level()) + modName;
        boolean future = n.level() == 0 && modName.equals("__future__");
        for (Alias a : n.names()) {
            String real = a.name().id();
            String name = a.asname() != null ? a.asname().id() : real;
            Binding b;
            if (future) {
                b = new Binding(Binding.Kind.FUTURE_IMPORTATION, name, n, a.start(), a.end());
                b.use(scope(), n);
                if (real.equals("annotations")) {
                    annotationsFuture = true;
                }
            } else if (real.equals("*")) {
                if (scope().kind != Scope.Kind.MODULE) {
                    continue;
                }
                scope().importStarred = true;
                report(IssueKind.IMPORT_STAR_USED, module, module,
                        "'from " + module + " import *' used; unable to detect undefined names",
                        a.start(), a.end(), n.start(), null);
                b = new Binding(Binding.Kind.STAR_IMPORTATION, module + ".*", n, a.start(), a.end());
                b.fullName = module;
                b.alias = a;
                addBinding(n, b);
                continue;
            } else {
                b = new Binding(Binding.Kind.IMPORTATION_FROM, name, n, a.start(), a.end());
            }
            b.module = module;
            b.realName = real;
            b.fullName = module.endsWith(".") ? module + real : module + "." + real;
            b.alias = a;
            addBinding(n, b);
        }
    }

    // ---------------------------------------------------------------- expressions

    @Override
    public void visitName(Name n) {
        if (n.ctx() == ExprContext.LOAD) {
            handleNodeLoad(n, id(n));
            if (n.id().equals("locals") && scope().isFunction() && curParent instanceof Call) {
                scope().usesLocals = true;
            }
        } else if (n.ctx() == ExprContext.STORE) {
            handleNodeStore(n);
        } else {
            handleNodeDelete(n);
        }
    }

    @Override
    public void visitNamedExpr(NamedExpr n) {
        Ctx c = ctx();
        schedule(List.of(visit(c, n.value()), visit(c, n.target())));
    }

    private void comprehension(Node n, List<Comprehension> generators, Expr... elts) {
        pushScope(Scope.Kind.GENERATOR);
        Ctx c = ctx();
        List<Object> t = new ArrayList<>();
        for (Comprehension g : generators) {
            t.add(visit(c, g));
        }
        for (Expr e : elts) {
            t.add(visit(c, e));
        }
        t.add((Runnable) this::popScope);
        schedule(t);
    }

    @Override
    public void visitListComp(ListComp n) {
        comprehension(n, n.generators(), n.elt());
    }

    @Override
    public void visitSetComp(SetComp n) {
        comprehension(n, n.generators(), n.elt());
    }

    @Override
    public void visitGeneratorExp(GeneratorExp n) {
        comprehension(n, n.generators(), n.elt());
    }

    /** Keys and values in source order, pair by pair, as pyflakes 4.1 visits them (a walrus in a key or value). */
    @Override
    public void visitDict(Dict n) {
        Ctx c = ctx();
        List<Object> t = new ArrayList<>();
        for (int i = 0; i < n.values().size(); i++) {
            if (n.keys().get(i) != null) t.add(visit(c, n.keys().get(i)));
            t.add(visit(c, n.values().get(i)));
        }
        schedule(t);
    }

    @Override
    public void visitDictComp(DictComp n) {
        comprehension(n, n.generators(), n.key(), n.value());
    }

    @Override
    public void visitComprehension(Comprehension n) {
        Ctx c = ctx();
        List<Object> t = new ArrayList<>();
        t.add(visit(c, n.iter()));
        t.add(visit(c, n.target()));
        for (Expr e : n.ifs()) {
            t.add(visit(c, e));
        }
        schedule(t);
    }

    @Override
    public void visitMatchAs(MatchAs n) {
        handleNodeStore(n);
        children(n);
    }

    @Override
    public void visitMatchStar(MatchStar n) {
        handleNodeStore(n);
        children(n);
    }

    @Override
    public void visitMatchMapping(MatchMapping n) {
        handleNodeStore(n);
        children(n);
    }

    @Override
    public void visitConstant(Constant n) {
        if (n.kind() == ConstantKind.STR && curAnn != ANN_NONE) {
            Remap outer = curRemap;
            if (inDeferred) {
                handleStringAnnotation(n, n, outer);
            } else {
                deferFunction(() -> handleStringAnnotation(n, n, outer));
            }
        }
    }

    @Override
    public void visitSubscript(Subscript n) {
        Ctx c = ctx();
        if (isNameOrAttr(n.value(), "Literal")) {
            schedule(List.of(visit(c, n.value(), ANN_NONE), visit(c, n.slice(), ANN_NONE)));
        } else if (isNameOrAttr(n.value(), "Annotated")) {
            List<Object> t = new ArrayList<>();
            t.add(visit(c, n.value()));
            if (n.slice() instanceof Tuple tuple && tuple.elts().size() >= 2) {
                t.add(visit(c, tuple.elts().get(0)));
                for (Expr e : tuple.elts().subList(1, tuple.elts().size())) {
                    t.add(visit(c, e, ANN_NONE));
                }
            } else {
                t.add(visit(c, n.slice()));
            }
            schedule(t);
        } else if (typingHelper(n.value(), x -> true)) {
            schedule(List.of(visit(c, n.value(), ANN_BARE), visit(c, n.slice(), ANN_BARE)));
        } else {
            children(n);
        }
    }

    @Override
    public void visitCall(Call n) {
        if (!(n.func() instanceof Name) && !(n.func() instanceof Attribute)) {
            children(n);
            return;
        }
        String member = typingMember(n.func());
        if (member == null || !TYPING_CALLS.contains(member)) {
            children(n);
            return;
        }
        // typing's functional forms: which arguments are annotations (strings in them are read as code) and which
        // are plain values (a field or type name given as a string), as pyflakes 4.1 splits them
        Ctx c = ctx();
        List<Object> t = new ArrayList<>();
        t.add(visit(c, n.func(), ANN_NONE));
        List<Expr> args = n.args();
        switch (member) {
            case "cast" -> {
                values(c, t, args.subList(0, Math.min(1, args.size())), ANN_BARE);
                values(c, t, args.subList(Math.min(1, args.size()), args.size()), ANN_NONE);
                keywords(c, t, n.keywords(), Set.of("typ"));
            }
            case "assert_type" -> {
                values(c, t, args.subList(0, Math.min(1, args.size())), ANN_NONE);
                values(c, t, args.subList(Math.min(1, args.size()), args.size()), ANN_BARE);
                keywords(c, t, n.keywords(), Set.of());
            }
            case "TypeVar", "NewType" -> {
                values(c, t, args.subList(0, Math.min(1, args.size())), ANN_NONE);
                values(c, t, args.subList(Math.min(1, args.size()), args.size()), ANN_BARE);
                keywords(c, t, n.keywords(), member.equals("NewType") ? Set.of("tp") : Set.of("bound", "default"));
            }
            case "ParamSpec", "TypeVarTuple" -> {
                values(c, t, args, ANN_NONE);
                keywords(c, t, n.keywords(), Set.of("bound", "default"));
            }
            case "TypedDict" -> {
                values(c, t, args.subList(0, Math.min(1, args.size())), ANN_NONE);
                if (args.size() > 1 && args.get(1) instanceof Dict d) {
                    for (int i = 0; i < d.values().size(); i++) {
                        if (d.keys().get(i) != null) t.add(visit(c, d.keys().get(i), ANN_NONE));
                        t.add(visit(c, d.values().get(i), ANN_BARE));
                    }
                    values(c, t, args.subList(2, args.size()), ANN_NONE);
                } else {
                    values(c, t, args.subList(Math.min(1, args.size()), args.size()), ANN_NONE);
                }
                values(c, t, n.keywords(), ANN_BARE);
            }
            default -> { // NamedTuple
                values(c, t, args.subList(0, Math.min(1, args.size())), ANN_NONE);
                List<Expr> fields = args.size() > 1 ? elements(args.get(1)) : null;
                if (fields != null) {
                    for (Expr f : fields) {
                        List<Expr> pair = elements(f);
                        if (pair == null) {
                            t.add(visit(c, f, ANN_NONE));
                        } else {
                            values(c, t, pair.subList(0, Math.min(1, pair.size())), ANN_NONE);
                            values(c, t, pair.subList(Math.min(1, pair.size()), pair.size()), ANN_BARE);
                        }
                    }
                    values(c, t, args.subList(2, args.size()), ANN_NONE);
                } else {
                    values(c, t, args.subList(Math.min(1, args.size()), args.size()), ANN_NONE);
                }
                values(c, t, n.keywords(), ANN_BARE);
            }
        }
        schedule(t);
    }

    /** The typing calls whose arguments are split into annotations and values (see {@link #visitCall}). */
    private static final Set<String> TYPING_CALLS = Set.of("cast", "assert_type", "TypeVar", "NewType",
            "ParamSpec", "TypeVarTuple", "TypedDict", "NamedTuple");

    private static void values(Ctx c, List<Object> t, List<? extends Node> nodes, int ann) {
        for (Node x : nodes) t.add(visit(c, x, ann));
    }

    /** Keyword arguments: those named in {@code annotated} are annotations, the others plain values. */
    private static void keywords(Ctx c, List<Object> t, List<Keyword> kws, Set<String> annotated) {
        for (Keyword k : kws) {
            t.add(visit(c, k, k.arg() != null && annotated.contains(k.arg().id()) ? ANN_BARE : ANN_NONE));
        }
    }

    private static List<Expr> elements(Expr e) {
        return e instanceof Tuple tu ? tu.elts() : e instanceof dev.pyassist.python.ast.List l ? l.elts() : null;
    }

    @Override
    public void visitWith(dev.pyassist.python.ast.With n) {
        handleTypeComments(n);
        children(n);
    }

    @Override
    public void visitAsyncWith(dev.pyassist.python.ast.AsyncWith n) {
        handleTypeComments(n);
        children(n);
    }

    @Override
    public void visitIf(If n) {
        children(n);
    }

    @Override
    public void visitWhile(While n) {
        children(n);
    }

    @Override
    public void visitModule(Module n) {
        children(n);
    }

    // ---------------------------------------------------------------- end of module

    private void checkDeadScopes() {
        for (Scope s : deadScopes) {
            if (s.kind == Scope.Kind.CLASS) {
                continue;
            }
            Binding all = s.get("__all__");
            if (all != null && all.kind != Binding.Kind.EXPORT) {
                all = null;
            }
            java.util.Set<String> allNames = new java.util.HashSet<>();
            List<Integer> undefined = new ArrayList<>();
            if (all != null) {
                allNames.addAll(all.exportNames);
                for (int i = 0; i < all.exportNames.size(); i++) {
                    if (!s.has(all.exportNames.get(i))) {
                        undefined.add(i);
                    }
                }
            }
            if (!undefined.isEmpty()) {
                if (!s.importStarred && !packageInit) {
                    for (int i : undefined) {
                        String name = all.exportNames.get(i);
                        int[] r = all.exportRanges.get(i);
                        report(IssueKind.UNDEFINED_EXPORT, name, name, "undefined name " + repr(name) + " in __all__",
                                r[0], r[1], all.source.start(), null);
                    }
                }
                if (s.importStarred) {
                    List<String> from = new ArrayList<>();
                    for (Binding b : s.bindings.values()) {
                        if (b.kind == Binding.Kind.STAR_IMPORTATION) {
                            b.used = true;
                            from.add(b.fullName);
                        }
                    }
                    from.sort(null);
                    for (int i : undefined) {
                        String name = all.exportNames.get(i);
                        int[] r = all.exportRanges.get(i);
                        report(IssueKind.IMPORT_STAR_USAGE, name, name, repr(name)
                                + " may be undefined, or defined from star imports: " + String.join(", ", from),
                                r[0], r[1], all.source.start(), null);
                    }
                }
            }
            for (Binding b : s.bindings.values()) {
                if (!b.isImportation()) {
                    continue;
                }
                boolean used = b.used || allNames.contains(b.name);
                if (!used && !(initReexports && s.kind == Scope.Kind.MODULE)) {
                    report(IssueKind.UNUSED_IMPORT, b.name, b.display(), repr(b.display()) + " imported but unused",
                            b.start, b.end, b.source.start(), null);
                }
                if (b.redefined != null) {
                    for (int i = 0; i < b.redefined.size(); i++) {
                        Node node = b.redefinedNodes.get(i);
                        int[] r = b.redefined.get(i);
                        Node p = getParent(node);
                        if (p instanceof For || p instanceof AsyncFor) {
                            reportShadowed(b, b.name, r[0], r[1], node.start());
                        } else if (!used) {
                            reportRedefined(b, b.name, r[0], r[1], node.start());
                        }
                    }
                }
            }
        }
    }
}
