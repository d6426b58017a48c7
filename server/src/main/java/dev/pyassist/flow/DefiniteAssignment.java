package dev.pyassist.flow;

import dev.pyassist.flow.FlowState.Why;
import dev.pyassist.names.Builtins;
import dev.pyassist.python.ast.Alias;
import dev.pyassist.python.ast.AnnAssign;
import dev.pyassist.python.ast.Arg;
import dev.pyassist.python.ast.Arguments;
import dev.pyassist.python.ast.Assert;
import dev.pyassist.python.ast.Assign;
import dev.pyassist.python.ast.AsyncFor;
import dev.pyassist.python.ast.AsyncFunctionDef;
import dev.pyassist.python.ast.AsyncWith;
import dev.pyassist.python.ast.Attribute;
import dev.pyassist.python.ast.AugAssign;
import dev.pyassist.python.ast.BoolOp;
import dev.pyassist.python.ast.BoolOperator;
import dev.pyassist.python.ast.Break;
import dev.pyassist.python.ast.Call;
import dev.pyassist.python.ast.CmpOp;
import dev.pyassist.python.ast.ClassDef;
import dev.pyassist.python.ast.Comprehension;
import dev.pyassist.python.ast.Constant;
import dev.pyassist.python.ast.Continue;
import dev.pyassist.python.ast.Delete;
import dev.pyassist.python.ast.DictComp;
import dev.pyassist.python.ast.ExceptHandler;
import dev.pyassist.python.ast.Expr;
import dev.pyassist.python.ast.ExprContext;
import dev.pyassist.python.ast.ExprStmt;
import dev.pyassist.python.ast.For;
import dev.pyassist.python.ast.FunctionDef;
import dev.pyassist.python.ast.GeneratorExp;
import dev.pyassist.python.ast.If;
import dev.pyassist.python.ast.IfExp;
import dev.pyassist.python.ast.Import;
import dev.pyassist.python.ast.ImportFrom;
import dev.pyassist.python.ast.Lambda;
import dev.pyassist.python.ast.ListComp;
import dev.pyassist.python.ast.Match;
import dev.pyassist.python.ast.MatchAs;
import dev.pyassist.python.ast.MatchCase;
import dev.pyassist.python.ast.MatchMapping;
import dev.pyassist.python.ast.MatchOr;
import dev.pyassist.python.ast.MatchStar;
import dev.pyassist.python.ast.MatchValue;
import dev.pyassist.python.ast.Module;
import dev.pyassist.python.ast.Name;
import dev.pyassist.python.ast.NamedExpr;
import dev.pyassist.python.ast.Node;
import dev.pyassist.python.ast.Pattern;
import dev.pyassist.python.ast.Raise;
import dev.pyassist.python.ast.Return;
import dev.pyassist.python.ast.SetComp;
import dev.pyassist.python.ast.Starred;
import dev.pyassist.python.ast.Stmt;
import dev.pyassist.python.ast.Subscript;
import dev.pyassist.python.ast.Try;
import dev.pyassist.python.ast.TryStar;
import dev.pyassist.python.ast.Tuple;
import dev.pyassist.python.ast.TypeAlias;
import dev.pyassist.python.ast.UnaryOp;
import dev.pyassist.python.ast.UnaryOperator;
import dev.pyassist.python.ast.While;
import dev.pyassist.python.ast.With;
import dev.pyassist.python.ast.WithItem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flow-sensitive definite assignment over module, class and function scopes: a read of a local where no path has
 * bound it is {@code used-before-assignment}, one where some path leaves it unbound is
 * {@code possibly-used-before-assignment}. Reads that pyflakes' textual walk (the names layer) already reports as
 * undefined are left to it. Loops are taken to run at least once and loop-carried bindings count as bound, as
 * pylint does, so idiomatic loops stay quiet.
 *
 * <p>Statements nest only as deep as the parser allows; past {@link #MAX_DEPTH} compound statements a scope is
 * skipped (no findings) rather than risking the Java stack. Expressions are walked with an explicit stack.
 */
final class DefiniteAssignment {
    static final int MAX_DEPTH = 120;
    private static final int MAX_CONDITION_DEPTH = 48;
    private static final Set<String> MODULE_DUNDERS = Set.of("__name__", "__file__", "__doc__", "__spec__",
            "__loader__", "__package__", "__builtins__", "__path__", "__dict__", "__annotations__", "__cached__",
            "__module__", "__qualname__");

    private static final class TooDeep extends RuntimeException {
        TooDeep() {
            super(null, null, false, false);
        }
    }

    private enum Kind { MODULE, CLASS, FUNCTION }

    /**
     * The names bound by the enclosing scopes, innermost first (shared, never copied); the module's, at the root
     * ({@link #MODULE_CHAIN}), are asked of {@link Outside}.
     */
    private record Chain(Set<String> names, Chain outer) {
        boolean contains(String n, Outside outside) {
            for (Chain c = this; c != null; c = c.outer) {
                if (c.names == null ? outside.moduleBinds(n) : c.names.contains(n)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final Chain MODULE_CHAIN = new Chain(null, null);

    /**
     * @param inDef whether the scope runs when a function is called (a def, or nested in one), not while the module
     *     runs: its reads of the module's names see the module's end ({@link FlowRule#POSSIBLY_UNBOUND_GLOBAL})
     * @param moduleDef the def or class statement of the module's own code that this scope is (or is nested in), when
     *     that statement is inside a module-level compound statement; else null
     */
    private record Job(Node node, Kind kind, Chain enclosing, boolean inDef, Node moduleDef) {
    }

    private static final class Loop {
        FlowState breaks;
        FlowState continues;
    }

    private final String text;
    private final List<FlowIssue> out;
    private final Outside outside;
    private final Scopes scopes;
    /** Scopes left to another analysis (the top-level functions and classes, when the module is analysed). */
    private final Set<Node> skip;

    // the scope being analysed
    private ScopeNames names;
    private Map<String, Integer> index;
    private String[] tracked;
    private List<FlowIssue> scopeIssues;
    private final ArrayDeque<Loop> loops = new ArrayDeque<>();
    private final ArrayDeque<FlowState> tries = new ArrayDeque<>();
    /** Source texts of the {@code if} tests whose body is being analysed (a read guarded by its binding's test). */
    private final ArrayList<Expr> guards = new ArrayList<>();
    /** Likewise the tests of the {@code if} statements whose {@code else} is being analysed. */
    private final ArrayList<Expr> elseGuards = new ArrayList<>();
    /**
     * The other conditions a point depends on: the tests of the enclosing {@code while} loops, the iterables of the
     * enclosing {@code for} loops (the body runs only when it is not empty), and the tests of the earlier
     * {@code if}s of the enclosing blocks that exit on one side ({@code if not ok: raise}) and of {@code assert}s.
     */
    private final ArrayList<Expr> otherGuards = new ArrayList<>();
    /** The statement that decides each path label (by the label's offset): an if chain's first if, a try, ... */
    private final Map<Integer, Stmt> deciders = new HashMap<>();
    /** The {@code if} whose {@code elif} an {@code if} statement is (to find a chain's first if). */
    private final Map<Stmt, Stmt> elifParent = new HashMap<>();
    /** Per name of the scope, the names the values assigned to it read (simple {@code x = ...}), found lazily. */
    private Map<String, Set<String>> assignedFrom;
    private Node currentScope;
    /** The current scope's parameters (names of the scope for the correlation guard, beside its bindings). */
    private final Set<String> params = new HashSet<>();
    /** How many enclosing {@code try} bodies catch {@code NameError}: a read there tests whether it is bound. */
    private int nameErrorCaught;
    private int depth;
    /** Names already reported in this scope, with their status. */
    private final Set<String> reported = new HashSet<>();
    private final ArrayDeque<Job> jobs = new ArrayDeque<>();
    private Job currentJob;
    /** When the module is analysed: the names it leaves possibly unbound at its end (asked of Outside otherwise). */
    private Map<String, Outside.Unbound> unboundAtEnd;
    /** The module's names bound where each def or class of its compound statements is defined. */
    private final Map<Node, Set<String>> boundAtDef = new HashMap<>();
    /** Per def or class statement, the texts of the tests it is under: on their true side [0], their false side [1]. */
    private final Map<Node, Set<String>[]> defGuards = new HashMap<>();
    /** When the module is analysed: where its own code first reads each name. */
    private final Map<String, Integer> moduleReads = new HashMap<>();

    private DefiniteAssignment(String text, Scopes scopes, Outside outside, Set<Node> skip, List<FlowIssue> out) {
        this.text = text;
        this.scopes = scopes;
        this.outside = outside;
        this.skip = skip;
        this.out = out;
    }

    /**
     * Analyses {@code root} (the module, or one of its top-level functions and classes) and the scopes nested in
     * it, but not those in {@code skip}. Findings that name a line say {@code {line}}, with the offset it stands
     * for in their data ({@link FlowIssue#withLines}). Returns, for the module, the names it leaves possibly unbound
     * at its end (empty for the others).
     */
    static Map<String, Outside.Unbound> analyze(String text, Scopes scopes, Outside outside, Node root, Set<Node> skip,
            List<FlowIssue> out) {
        DefiniteAssignment da = new DefiniteAssignment(text, scopes, outside, skip, out);
        Kind kind = root instanceof Module ? Kind.MODULE : root instanceof ClassDef ? Kind.CLASS : Kind.FUNCTION;
        da.jobs.add(new Job(root, kind, kind == Kind.MODULE ? null : MODULE_CHAIN, isDef(root), null));
        while (!da.jobs.isEmpty()) {
            da.run(da.jobs.poll());
        }
        if (da.unboundAtEnd == null) {
            return Map.of();
        }
        // a name the module's own code reads before a function does: that read is where it fails (pylint reports it
        // there, as possibly-used at module level when it is), not the functions' later reads
        Map<String, Outside.Unbound> unbound = new HashMap<>(da.unboundAtEnd);
        unbound.keySet().removeAll(da.moduleReads.keySet());
        out.removeIf(f -> f.rule() == FlowRule.POSSIBLY_UNBOUND_GLOBAL
                && f.start() > da.moduleReads.getOrDefault((String) f.data().get("name"), Integer.MAX_VALUE));
        return unbound;
    }

    private static boolean isDef(Node n) {
        return n instanceof FunctionDef || n instanceof AsyncFunctionDef;
    }

    private void run(Job job) {
        List<Stmt> body;
        Arguments params = null;
        if (job.node instanceof Module m) {
            body = m.body();
        } else if (job.node instanceof FunctionDef f) {
            body = f.body();
            params = f.args();
        } else if (job.node instanceof AsyncFunctionDef f) {
            body = f.body();
            params = f.args();
        } else {
            body = ((ClassDef) job.node).body();
        }
        names = scopes.of(job.node);
        Set<String> here = new HashSet<>();
        List<String> locals = new ArrayList<>();
        for (String n : names.events.keySet()) {
            if (names.globals.contains(n) || names.nonlocals.contains(n)) {
                continue;
            }
            here.add(n);
            boolean skip = switch (job.kind) {
                case MODULE -> outside.globals.contains(n) || Builtins.NAMES.contains(n)
                        || MODULE_DUNDERS.contains(n);
                case CLASS -> (job.enclosing != null && job.enclosing.contains(n, outside))
                        || Builtins.NAMES.contains(n) || MODULE_DUNDERS.contains(n);
                case FUNCTION -> outside.nonlocalAnywhere(n);
            };
            if (!skip) {
                locals.add(n);
            }
        }
        Chain forNested = switch (job.kind) {
            case CLASS -> job.enclosing;
            case MODULE -> MODULE_CHAIN; // the same names as `here`, asked of Outside as the units ask them
            case FUNCTION -> new Chain(withParams(here, params), job.enclosing);
        };
        for (Node nested : names.nestedScopes) {
            if (skip.contains(nested)) {
                continue;
            }
            jobs.add(new Job(nested, nested instanceof ClassDef ? Kind.CLASS : Kind.FUNCTION, forNested,
                    job.inDef || isDef(nested), job.kind == Kind.MODULE ? nested : job.moduleDef));
        }
        if (locals.isEmpty() && job.kind != Kind.FUNCTION) {
            return;
        }
        tracked = locals.toArray(new String[0]);
        index = ScopeNames.index(locals);
        FlowState state = new FlowState(tracked.length);
        for (int i = 0; i < tracked.length; i++) {
            state.set(i, FlowState.UNBOUND, null);
        }
        if (params != null) {
            for (Arg a : allParams(params)) {
                Integer i = index.get(a.arg().id());
                if (i != null) {
                    state.set(i, FlowState.ASSIGNED, null);
                }
            }
        }
        scopeIssues = new ArrayList<>();
        reported.clear();
        testsByIf.clear();
        testsByElse.clear();
        loops.clear();
        tries.clear();
        guards.clear();
        elseGuards.clear();
        otherGuards.clear();
        deciders.clear();
        elifParent.clear();
        assignedFrom = null;
        currentScope = job.node;
        this.params.clear();
        if (params != null) {
            for (Arg a : allParams(params)) {
                this.params.add(a.arg().id());
            }
        }
        nameErrorCaught = 0;
        depth = 0;
        currentJob = job;
        try {
            FlowState end = block(body, state);
            if (job.kind == Kind.MODULE && outside.unboundGlobals) {
                unboundAtEnd = unboundAtEnd(end);
            }
            out.addAll(scopeIssues);
        } catch (TooDeep e) {
            // nested past what the walk allows: this scope gets no findings rather than a stack overflow
        }
    }

    /** A function's names for its nested scopes: what it binds and its parameters. */
    private static Set<String> withParams(Set<String> here, Arguments params) {
        if (params != null) {
            for (Arg a : allParams(params)) {
                here.add(a.arg().id());
            }
        }
        return here;
    }

    static List<Arg> allParams(Arguments a) {
        List<Arg> all = new ArrayList<>(a.posonlyargs());
        all.addAll(a.args());
        if (a.vararg() != null) {
            all.add(a.vararg());
        }
        all.addAll(a.kwonlyargs());
        if (a.kwarg() != null) {
            all.add(a.kwarg());
        }
        return all;
    }

    // ------------------------------------------------------------------ statements

    private FlowState block(List<Stmt> body, FlowState s) {
        if (++depth > MAX_DEPTH) {
            throw new TooDeep();
        }
        int guardsBefore = otherGuards.size();
        for (Stmt st : body) {
            if (s == null) {
                break; // unreachable: nothing to report there (flow.unreachable says so separately)
            }
            collect(s);
            s = stmt(st, s);
        }
        collect(s);
        if (currentJob.kind == Kind.MODULE && depth > 1 && s != null) {
            boundAtBlockEnd(body, s);
        }
        truncate(otherGuards, guardsBefore); // an early exit's test guards the rest of its own block only
        depth--;
        return s;
    }

    private static void truncate(ArrayList<Expr> list, int size) {
        while (list.size() > size) {
            list.remove(list.size() - 1);
        }
    }

    /** A point inside a {@code try} body: its handlers may start from here. */
    private void collect(FlowState s) {
        if (s != null && !tries.isEmpty()) {
            tries.push(FlowState.join(tries.pop(), s, null));
        }
    }

    private Why why(String sentence, int offset) {
        return new Why(sentence, offset);
    }

    private FlowState stmt(Stmt st, FlowState s) {
        if (st instanceof ExprStmt e) {
            expr(e.value(), s);
            return outside.neverReturns(e.value()) ? null : s;
        }
        if (st instanceof Assign a) {
            expr(a.value(), s);
            for (Expr t : a.targets()) {
                target(t, s, st);
            }
            return s;
        }
        if (st instanceof AugAssign a) {
            if (a.target() instanceof Name n) {
                read(n, s);
            } else {
                targetParts(a.target(), s);
            }
            expr(a.value(), s);
            target(a.target(), s, st);
            return s;
        }
        if (st instanceof AnnAssign a) {
            if (a.value() != null) {
                expr(a.value(), s);
                target(a.target(), s, st);
            } else if (!(a.target() instanceof Name)) {
                targetParts(a.target(), s);
            }
            return s;
        }
        if (st instanceof Return r) {
            if (r.value() != null) {
                expr(r.value(), s);
            }
            return null;
        }
        if (st instanceof Raise r) {
            if (r.exc() != null) {
                expr(r.exc(), s);
            }
            if (r.cause() != null) {
                expr(r.cause(), s);
            }
            return null;
        }
        if (st instanceof Break) {
            Loop l = loops.peek();
            if (l != null) {
                l.breaks = FlowState.join(l.breaks, s, null);
            }
            return null;
        }
        if (st instanceof Continue) {
            Loop l = loops.peek();
            if (l != null) {
                l.continues = FlowState.join(l.continues, s, null);
            }
            return null;
        }
        if (st instanceof Delete d) {
            for (Expr t : d.targets()) {
                ArrayDeque<Expr> parts = new ArrayDeque<>();
                parts.push(t);
                while (!parts.isEmpty()) {
                    Expr p = parts.pop();
                    if (p instanceof Name n) {
                        read(n, s);
                        unbind(n.id(), s, why("it is deleted on line {line}", n.start()));
                    } else if (p instanceof Tuple tu) {
                        tu.elts().forEach(parts::push);
                    } else if (p instanceof dev.pyassist.python.ast.List l) {
                        l.elts().forEach(parts::push);
                    } else {
                        targetParts(p, s);
                    }
                }
            }
            return s;
        }
        if (st instanceof Import imp) {
            for (Alias a : imp.names()) {
                String b = a.asname() != null ? a.asname().id() : a.name().id();
                int dot = b.indexOf('.');
                bind(dot < 0 ? b : b.substring(0, dot), s);
            }
            return s;
        }
        if (st instanceof ImportFrom imp) {
            for (Alias a : imp.names()) {
                if (a.name().id().equals("*")) {
                    for (int i = 0; i < tracked.length; i++) {
                        if (s.status[i] != FlowState.ASSIGNED) {
                            s.set(i, FlowState.LOOP, null); // may be bound by the star import: say nothing
                        }
                    }
                } else {
                    bind(a.asname() != null ? a.asname().id() : a.name().id(), s);
                }
            }
            return s;
        }
        if (st instanceof FunctionDef f) {
            exprs(f.decoratorList(), s);
            defaults(f.args(), s);
            bind(f.name().id(), s);
            noteDefinedHere(f, s);
            noteGuards(f);
            return s;
        }
        if (st instanceof AsyncFunctionDef f) {
            exprs(f.decoratorList(), s);
            defaults(f.args(), s);
            bind(f.name().id(), s);
            noteDefinedHere(f, s);
            noteGuards(f);
            return s;
        }
        if (st instanceof ClassDef c) {
            noteDefinedHere(c, s);
            noteGuards(c);
            exprs(c.decoratorList(), s);
            exprs(c.bases(), s);
            for (var k : c.keywords()) {
                expr(k.value(), s);
            }
            bind(c.name().id(), s);
            return s;
        }
        if (st instanceof If i) {
            return ifStmt(i, s);
        }
        if (st instanceof While w) {
            return whileStmt(w, s);
        }
        if (st instanceof For f) {
            return forStmt(f.target(), f.iter(), f.body(), f.orelse(), s);
        }
        if (st instanceof AsyncFor f) {
            return forStmt(f.target(), f.iter(), f.body(), f.orelse(), s);
        }
        if (st instanceof With w) {
            deciders.put(w.items().get(0).start(), w);
            return withStmt(w.items(), w.body(), s);
        }
        if (st instanceof AsyncWith w) {
            deciders.put(w.items().get(0).start(), w);
            return withStmt(w.items(), w.body(), s);
        }
        if (st instanceof Try t) {
            decides(t, t.handlers());
            return tryStmt(t.body(), t.handlers(), t.orelse(), t.finalbody(), t.start(), s);
        }
        if (st instanceof TryStar t) {
            decides(t, t.handlers());
            return tryStmt(t.body(), t.handlers(), t.orelse(), t.finalbody(), t.start(), s);
        }
        if (st instanceof Match m) {
            deciders.put(m.start(), m);
            for (MatchCase c : m.cases()) {
                deciders.put(c.start(), m);
            }
            return matchStmt(m, s);
        }
        if (st instanceof Assert a) {
            FlowState[] tf = condition(a.test(), s, 0);
            if (a.msg() != null && tf[1] != null) {
                expr(a.msg(), tf[1]);
            }
            otherGuards.add(a.test());
            return tf[0];
        }
        if (st instanceof TypeAlias t) {
            target(t.name(), s, st);
            return s;
        }
        return s; // pass, global, nonlocal
    }

    private void decides(Stmt t, List<ExceptHandler> handlers) {
        deciders.put(t.start(), t);
        for (ExceptHandler h : handlers) {
            deciders.put(h.start(), t);
        }
    }

    private FlowState ifStmt(If i, FlowState s) {
        boolean typeChecking = isTypeChecking(i.test());
        FlowState[] tf = condition(i.test(), s, 0);
        testsByIf.put(i.start(), i.test());
        guards.add(i.test());
        FlowState body = block(i.body(), tf[0]);
        guards.remove(guards.size() - 1);
        FlowState orelse = tf[1];
        if (!i.orelse().isEmpty()) {
            elseGuards.add(i.test());
            orelse = block(i.orelse(), tf[1]);
            elseGuards.remove(elseGuards.size() - 1);
        }
        Why bodyLabel = why("the `if` branch on line {line} is taken", i.start());
        Why elseLabel;
        if (i.orelse().isEmpty()) {
            elseLabel = why("the `if` condition on line {line} is false", i.start());
        } else if (i.orelse().size() == 1 && i.orelse().get(0) instanceof If elif
                && text.startsWith("elif", elif.start())) {
            elseLabel = why("the `elif` on line {line} is false", elif.start());
            testsByElse.put(elseLabel.offset(), i.test());
        } else {
            int at = text.lastIndexOf("else", i.orelse().get(0).start());
            elseLabel = why("the `else` branch on line {line} is taken", at < 0 ? i.orelse().get(0).start() : at);
            testsByElse.put(elseLabel.offset(), i.test());
        }
        deciders.put(bodyLabel.offset(), i);
        deciders.put(elseLabel.offset(), i);
        if (i.orelse().size() == 1 && i.orelse().get(0) instanceof If elif && text.startsWith("elif", elif.start())) {
            elifParent.put(elif, i);
        }
        if ((body == null) != (orelse == null)) {
            otherGuards.add(i.test()); // one side exits: what follows runs under the other side of this test
        }
        FlowState joined = FlowState.join(body, bodyLabel, orelse, elseLabel);
        if (typeChecking && body != null && joined != null) {
            // `if TYPE_CHECKING:` runs for the type checker: what it binds counts as bound (as pyright has it)
            for (int k = 0; k < tracked.length; k++) {
                if (body.status[k] == FlowState.ASSIGNED) {
                    joined.set(k, FlowState.ASSIGNED, null);
                }
            }
        }
        return joined;
    }

    private static boolean isTypeChecking(Expr test) {
        return (test instanceof Name n && n.id().equals("TYPE_CHECKING"))
                || (test instanceof Attribute a && a.attr().id().equals("TYPE_CHECKING"));
    }

    private String testText(Expr test) {
        return text.substring(test.start(), test.end()).replaceAll("\\s+", " ");
    }

    /** The state at a loop's head: names the body binds or deletes count as bound by an earlier iteration. */
    private FlowState loopHead(List<Stmt> body, Expr target, FlowState entry) {
        FlowState head = entry.copy();
        ScopeNames inBody = ScopeNames.of(body);
        for (String n : inBody.events.keySet()) {
            Integer i = index.get(n);
            if (i != null && (head.status[i] != FlowState.ASSIGNED || inBody.deleted.contains(n))) {
                head.set(i, FlowState.LOOP, null);
            }
        }
        if (target != null) {
            for (Name n : storedNames(target)) {
                Integer i = index.get(n.id());
                if (i != null && head.status[i] != FlowState.ASSIGNED) {
                    head.set(i, FlowState.LOOP, null);
                }
            }
        }
        return head;
    }

    private Set<String> touched(List<Stmt> body) {
        return ScopeNames.of(body).events.keySet();
    }

    private static List<Name> storedNames(Expr target) {
        List<Name> out = new ArrayList<>();
        ArrayDeque<Expr> stack = new ArrayDeque<>();
        stack.push(target);
        while (!stack.isEmpty()) {
            Expr e = stack.pop();
            if (e instanceof Name n) {
                out.add(n);
            } else if (e instanceof Tuple t) {
                t.elts().forEach(stack::push);
            } else if (e instanceof dev.pyassist.python.ast.List l) {
                l.elts().forEach(stack::push);
            } else if (e instanceof Starred st) {
                stack.push(st.value());
            }
        }
        return out;
    }

    private FlowState whileStmt(While w, FlowState s) {
        FlowState head = loopHead(w.body(), null, s);
        FlowState[] tf = condition(w.test(), head, 0);
        Loop loop = new Loop();
        loops.push(loop);
        otherGuards.add(w.test());
        FlowState end = block(w.body(), tf[0]);
        otherGuards.remove(otherGuards.size() - 1);
        loops.pop();
        // the head already stands for every iteration; the test's false side is the normal exit
        FlowState exit = tf[1];
        if (exit != null) {
            exit = FlowState.join(exit, FlowState.join(end, loop.continues, null), null);
        }
        FlowState afterElse = w.orelse().isEmpty() ? exit : block(w.orelse(), exit);
        return FlowState.join(afterElse, loop.breaks, null);
    }

    private FlowState forStmt(Expr target, Expr iter, List<Stmt> body, List<Stmt> orelse, FlowState s) {
        expr(iter, s);
        FlowState head = loopHead(body, target, s);
        FlowState inBody = head.copy();
        target(target, inBody, null);
        Loop loop = new Loop();
        loops.push(loop);
        otherGuards.add(iter);
        FlowState end = block(body, inBody);
        otherGuards.remove(otherGuards.size() - 1);
        loops.pop();
        FlowState exit = FlowState.join(head, FlowState.join(end, loop.continues, null), null);
        FlowState afterElse = orelse.isEmpty() ? exit : block(orelse, exit);
        return FlowState.join(afterElse, loop.breaks, null);
    }

    private FlowState withStmt(List<WithItem> items, List<Stmt> body, FlowState s) {
        boolean suppresses = false;
        for (WithItem item : items) {
            expr(item.contextExpr(), s);
            suppresses |= isSuppress(item.contextExpr());
            if (item.optionalVars() != null) {
                target(item.optionalVars(), s, null);
            }
        }
        if (!suppresses) {
            return block(body, s);
        }
        // contextlib.suppress: the body may stop at any point and execution goes on after the with
        tries.push(s.copy());
        FlowState end = block(body, s);
        FlowState any = tries.pop();
        collect(any);
        return FlowState.join(end, null, any, why("an exception suppressed by the `with` on line {line} is raised"
                + " before it is assigned", items.get(0).start()));
    }

    private static boolean isSuppress(Expr e) {
        if (!(e instanceof Call c)) {
            return false;
        }
        return (c.func() instanceof Name n && n.id().equals("suppress"))
                || (c.func() instanceof Attribute a && a.attr().id().equals("suppress")
                        && a.value() instanceof Name m && m.id().equals("contextlib"));
    }

    private FlowState tryStmt(List<Stmt> body, List<ExceptHandler> handlers, List<Stmt> orelse,
            List<Stmt> finalbody, int start, FlowState s) {
        Why raised = why("an exception is raised in the `try` on line {line} before it is assigned", start);
        tries.push(s.copy());
        boolean testsNames = catchesNameError(handlers);
        nameErrorCaught += testsNames ? 1 : 0;
        FlowState bodyEnd = block(body, s);
        nameErrorCaught -= testsNames ? 1 : 0;
        FlowState handlerEntry = tries.pop();
        boolean hasFinally = !finalbody.isEmpty();
        if (hasFinally) {
            tries.push(handlerEntry.copy()); // raised in a handler or the else: the finally still runs
        }
        FlowState after = orelse.isEmpty() ? bodyEnd : block(orelse, bodyEnd);
        Why noException = why("no exception is raised in the `try` on line {line}", start);
        boolean firstSide = true;
        boolean importErrorCaught = false;
        Set<String> loopTargets = forTargets(body);
        for (ExceptHandler h : handlers) {
            FlowState hs = handlerEntry.copy();
            boolean fromLoopBody = !catchesIterationErrors(h);
            // the handler's own reason for names the try body binds
            for (int i = 0; i < tracked.length; i++) {
                if (hs.status[i] == FlowState.MAYBE && hs.why[i] == null) {
                    hs.why[i] = raised;
                }
                if (fromLoopBody && hs.status[i] == FlowState.MAYBE && loopTargets.contains(tracked[i])) {
                    // `try: for name in names: ...` / `except E: ... name`: what the handler catches comes from
                    // the loop's body, once the target is bound (as pylint has it)
                    hs.set(i, FlowState.LOOP, null);
                }
            }
            if (h.type() != null) {
                if (importErrorCaught || !catchesImportError(h)) {
                    // this handler's type is evaluated when something in the body raised; the names the body
                    // imports count as bound there: after `except ImportError:`, only a body whose imports went
                    // through gets here (django's `except sqlite3.ProgrammingError:` after `import sqlite3`), and
                    // a failed import (ImportError) is no more what the code expects than any import at the top
                    // (sympy's `try: from sympy.polys.polyerrors import CoercionFailed ... except (CoercionFailed,
                    // AssertionError):`); pylint is quiet there too
                    FlowState typeState = hs.copy();
                    for (String n : importedIn(body)) {
                        Integer i = index.get(n);
                        if (i != null) {
                            typeState.set(i, FlowState.ASSIGNED, null);
                        }
                    }
                    expr(h.type(), typeState);
                } else {
                    expr(h.type(), hs);
                }
                importErrorCaught |= catchesImportError(h);
            }
            if (h.name() != null) {
                bind(h.name().id(), hs);
            }
            FlowState end = block(h.body(), hs);
            if (end != null) {
                // after the try, only imports stay possibly unbound through a handler that falls through (the
                // optional-module pattern); other names the try body binds count as bound there, as pylint has it
                Set<String> imported = null;
                for (int i = 0; i < tracked.length; i++) {
                    if (end.status[i] == FlowState.MAYBE && end.why[i] == raised) {
                        if (imported == null) {
                            imported = importedIn(body);
                        }
                        if (!imported.contains(tracked[i])) {
                            end.set(i, FlowState.LOOP, null);
                        }
                    }
                }
            }
            if (end != null && h.name() != null) {
                unbind(h.name().id(), end, why("the `except` on line {line} deletes it at its end", h.start()));
            }
            Why handlerTaken = why("the `except` on line {line} is taken", h.start());
            after = FlowState.join(after, firstSide ? noException : null, end, handlerTaken);
            firstSide = false;
        }
        FlowState outer = hasFinally ? tries.pop() : handlerEntry;
        collect(outer);
        if (!hasFinally) {
            return after;
        }
        // the finally runs after every path (normal, raised, returned): report against all of them
        FlowState entry = FlowState.join(after, null, outer, raised);
        FlowState finEnd = block(finalbody, entry);
        if (after == null || finEnd == null) {
            return null;
        }
        FlowState cont = after.copy();
        for (String n : touched(finalbody)) {
            Integer i = index.get(n);
            if (i != null) {
                cont.set(i, finEnd.status[i], finEnd.why[i]);
            }
        }
        return cont;
    }

    /** Whether a handler names {@code NameError} or {@code UnboundLocalError} (the try tests for unbound names). */
    private static boolean catchesNameError(List<ExceptHandler> handlers) {
        for (ExceptHandler h : handlers) {
            List<Expr> types = h.type() instanceof Tuple t ? t.elts() : h.type() == null ? List.of() : List.of(h.type());
            for (Expr e : types) {
                String n = e instanceof Name nm ? nm.id() : e instanceof Attribute a ? a.attr().id() : "";
                if (n.equals("NameError") || n.equals("UnboundLocalError")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether a handler catches what the {@code for} header itself may raise before its target is bound: a bare
     * {@code except}, {@code Exception}/{@code BaseException}, or {@code TypeError} (iterating a non-iterable;
     * sympy's {@code uniq} reads its loop target in such a handler, a real bug).
     */
    private static boolean catchesIterationErrors(ExceptHandler h) {
        if (h.type() == null) {
            return true;
        }
        List<Expr> types = h.type() instanceof Tuple t ? t.elts() : List.of(h.type());
        for (Expr e : types) {
            String n = e instanceof Name nm ? nm.id() : e instanceof Attribute a ? a.attr().id() : "?";
            if (n.equals("TypeError") || n.equals("Exception") || n.equals("BaseException") || n.equals("?")) {
                return true;
            }
        }
        return false;
    }

    private static boolean catchesImportError(ExceptHandler h) {
        List<Expr> types = h.type() instanceof Tuple t ? t.elts() : List.of(h.type());
        for (Expr e : types) {
            String n = e instanceof Name nm ? nm.id() : e instanceof Attribute a ? a.attr().id() : "";
            if (n.equals("ImportError") || n.equals("ModuleNotFoundError")) {
                return true;
            }
        }
        return false;
    }

    /** The names bound as targets of the {@code for} loops directly in these statements. */
    private static Set<String> forTargets(List<Stmt> body) {
        Set<String> out = new HashSet<>();
        for (Stmt st : body) {
            Expr target = st instanceof For f ? f.target() : st instanceof AsyncFor f ? f.target() : null;
            if (target != null) {
                for (Name n : storedNames(target)) {
                    out.add(n.id());
                }
            }
        }
        return out;
    }

    /** Names bound by import statements in these statements (not in nested functions or classes). */
    private static Set<String> importedIn(List<Stmt> body) {
        Set<String> out = new HashSet<>();
        for (Stmt st : body) {
            dev.pyassist.python.ast.AstWalker.walk(st, (Node n) -> {
                if (n instanceof Import imp) {
                    for (Alias a : imp.names()) {
                        String b = a.asname() != null ? a.asname().id() : a.name().id();
                        int dot = b.indexOf('.');
                        out.add(dot < 0 ? b : b.substring(0, dot));
                    }
                } else if (n instanceof ImportFrom imp) {
                    for (Alias a : imp.names()) {
                        out.add(a.asname() != null ? a.asname().id() : a.name().id());
                    }
                }
                return n instanceof Stmt && !(n instanceof FunctionDef || n instanceof AsyncFunctionDef
                        || n instanceof ClassDef);
            });
        }
        return out;
    }

    private FlowState matchStmt(Match m, FlowState s) {
        expr(m.subject(), s);
        FlowState noMatch = s;
        FlowState after = null;
        for (MatchCase c : m.cases()) {
            if (noMatch == null) {
                break;
            }
            FlowState cs = noMatch.copy();
            pattern(c.pattern(), cs);
            FlowState bodyIn = cs;
            if (c.guard() != null) {
                FlowState[] tf = condition(c.guard(), cs, 0);
                bodyIn = tf[0];
            }
            FlowState end = block(c.body(), bodyIn);
            after = FlowState.join(after, null, end, why("the `case` on line {line} is taken", c.start()));
            if (c.guard() == null && irrefutable(c.pattern())) {
                noMatch = null;
            }
        }
        return FlowState.join(after, null, noMatch, why("no `case` of the `match` on line {line} matches",
                m.start()));
    }

    private static boolean irrefutable(Pattern p) {
        if (p instanceof MatchAs a) {
            return a.pattern() == null || irrefutable(a.pattern());
        }
        if (p instanceof MatchOr o) {
            for (Pattern q : o.patterns()) {
                if (irrefutable(q)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void pattern(Pattern p, FlowState s) {
        ArrayDeque<Node> stack = new ArrayDeque<>();
        stack.push(p);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            if (n instanceof MatchValue v) {
                expr(v.value(), s);
                continue;
            }
            if (n instanceof MatchAs a && a.name() != null) {
                bind(a.name().id(), s);
            } else if (n instanceof MatchStar st && st.name() != null) {
                bind(st.name().id(), s);
            } else if (n instanceof MatchMapping mm) {
                for (Expr k : mm.keys()) {
                    expr(k, s);
                }
                if (mm.rest() != null) {
                    bind(mm.rest().id(), s);
                }
                for (int i = mm.patterns().size() - 1; i >= 0; i--) {
                    stack.push(mm.patterns().get(i));
                }
                continue;
            } else if (n instanceof dev.pyassist.python.ast.MatchClass mc) {
                expr(mc.cls(), s);
                List<Node> kids = new ArrayList<>(mc.patterns());
                kids.addAll(mc.kwdPatterns());
                for (int i = kids.size() - 1; i >= 0; i--) {
                    stack.push(kids.get(i));
                }
                continue;
            }
            List<Node> kids = n.children();
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.push(kids.get(i));
            }
        }
    }

    // ------------------------------------------------------------------ conditions

    /** The states where {@code test} is true and where it is false (null: that side cannot happen). */
    private FlowState[] condition(Expr test, FlowState s, int level) {
        if (s == null) {
            return new FlowState[] {null, null};
        }
        if (level < MAX_CONDITION_DEPTH) {
            if (test instanceof Constant c) {
                Boolean value = constantTruth(c);
                if (value != null) {
                    return value ? new FlowState[] {s, null} : new FlowState[] {null, s};
                }
            }
            if (test instanceof UnaryOp u && u.op() == UnaryOperator.NOT) {
                FlowState[] tf = condition(u.operand(), s, level + 1);
                return new FlowState[] {tf[1], tf[0]};
            }
            if (test instanceof BoolOp b) {
                boolean and = b.op() == BoolOperator.AND;
                FlowState cur = s;
                FlowState shortCut = null;
                Why label = why(and ? "the `and` on line {line} stops early" : "the `or` on line {line} stops early",
                        b.start());
                for (Expr v : b.values()) {
                    FlowState[] tf = condition(v, cur, level + 1);
                    FlowState stop = and ? tf[1] : tf[0];
                    shortCut = FlowState.join(shortCut, null, stop, label);
                    cur = and ? tf[0] : tf[1];
                    if (cur == null) {
                        break;
                    }
                }
                return and ? new FlowState[] {cur, shortCut} : new FlowState[] {shortCut, cur};
            }
        }
        expr(test, s);
        FlowState[] out = {s, s.copy()};
        refine(out[0], test, true);
        refine(out[1], test, false);
        return out;
    }

    /**
     * Where {@code test} is known to be {@code positive}: a name left possibly unbound by an earlier {@code if}
     * on the same test (or its negation), bound on the side that holds again, is bound here (matplotlib's
     * {@code if found: font = ...} / {@code if not found: ... else: ...} / {@code return font}).
     */
    private void refine(FlowState s, Expr test, boolean positive) {
        if (s == null || testsByIf.isEmpty()) {
            return;
        }
        String here = null;
        for (int i = 0; i < tracked.length; i++) {
            if (s.status[i] != FlowState.MAYBE || s.why[i] == null) {
                continue;
            }
            Why why = s.why[i];
            Expr bindingTest;
            boolean bindingSide;
            if (why.text().startsWith("the `if` condition")) {
                bindingTest = testsByIf.get(why.offset());
                bindingSide = true;
            } else if (why.text().startsWith("the `if` branch")) {
                bindingTest = testsByIf.get(why.offset());
                bindingSide = false;
            } else if (why.text().startsWith("the `else` branch") || why.text().startsWith("the `elif` on line")) {
                bindingTest = testsByElse.get(why.offset());
                bindingSide = true;
            } else {
                continue;
            }
            if (bindingTest == null || bindingTest == test) {
                continue;
            }
            if (here == null) {
                here = sideKey(test, positive, 0);
            }
            if (sideKey(bindingTest, bindingSide, 0).equals(here)) {
                s.set(i, FlowState.ASSIGNED, null);
            }
        }
    }

    private static Boolean constantTruth(Constant c) {
        switch (c.kind()) {
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
            case NONE:
                return Boolean.FALSE;
            case INT:
                return !c.value().replace("_", "").matches("0+|0[xXoObB]0+");
            default:
                return null;
        }
    }

    // ------------------------------------------------------------------ expressions

    private void exprs(List<Expr> es, FlowState s) {
        for (Expr e : es) {
            expr(e, s);
        }
    }

    private void defaults(Arguments a, FlowState s) {
        exprs(a.defaults(), s);
        for (Expr e : a.kwDefaults()) {
            if (e != null) {
                expr(e, s);
            }
        }
    }

    /** A pending walrus binding, or the start or end of a comprehension's or a conditional part's extent. */
    private record Mark(int kind, Name name, Set<String> shadow) {
        static final int BIND = 0;
        static final int CONDITIONAL_START = 1;
        static final int CONDITIONAL_END = 2;
        static final int SHADOW_START = 3;
        static final int SHADOW_END = 4;
    }

    private static final Mark CONDITIONAL_START = new Mark(Mark.CONDITIONAL_START, null, null);
    private static final Mark CONDITIONAL_END = new Mark(Mark.CONDITIONAL_END, null, null);
    private static final Mark SHADOW_END = new Mark(Mark.SHADOW_END, null, null);

    /** Evaluates {@code e} in order: reads are checked, walrus targets bound (possibly, in conditional parts). */
    private void expr(Expr e, FlowState s) {
        if (s == null) {
            return;
        }
        ArrayDeque<Object> stack = new ArrayDeque<>();
        ArrayList<Set<String>> shadows = new ArrayList<>();
        int conditional = 0;
        int comprehension = 0;
        stack.push(e);
        while (!stack.isEmpty()) {
            Object o = stack.pop();
            if (o instanceof Mark m) {
                switch (m.kind) {
                    case Mark.BIND -> {
                        Integer i = index.get(m.name.id());
                        if (i != null) {
                            if (comprehension > 0 && s.status[i] != FlowState.ASSIGNED) {
                                s.set(i, FlowState.LOOP, null); // runs only when the iterable is not empty
                            } else if (conditional > 0 && s.status[i] != FlowState.ASSIGNED) {
                                s.set(i, FlowState.MAYBE, why("the expression on line {line} skips the `:=`",
                                        m.name.start()));
                            } else {
                                s.set(i, FlowState.ASSIGNED, null);
                            }
                        }
                    }
                    case Mark.CONDITIONAL_START -> conditional++;
                    case Mark.CONDITIONAL_END -> conditional--;
                    case Mark.SHADOW_START -> {
                        shadows.add(m.shadow);
                        comprehension++;
                    }
                    default -> {
                        shadows.remove(shadows.size() - 1);
                        comprehension--;
                    }
                }
                continue;
            }
            Node n = (Node) o;
            if (n instanceof Name name) {
                if (name.ctx() == ExprContext.LOAD && !shadowed(shadows, name.id())) {
                    read(name, s);
                }
            } else if (n instanceof NamedExpr w) {
                if (w.target() instanceof Name t) {
                    stack.push(new Mark(Mark.BIND, t, null));
                }
                stack.push(w.value());
            } else if (n instanceof Lambda l) {
                pushAll(stack, l.args().kwDefaults());
                pushAll(stack, l.args().defaults());
            } else if (n instanceof BoolOp b) {
                List<Expr> vs = b.values();
                stack.push(CONDITIONAL_END);
                for (int i = vs.size() - 1; i >= 1; i--) {
                    stack.push(vs.get(i));
                }
                stack.push(CONDITIONAL_START);
                stack.push(vs.get(0));
            } else if (n instanceof IfExp ie) {
                stack.push(CONDITIONAL_END);
                stack.push(ie.orelse());
                stack.push(ie.body());
                stack.push(CONDITIONAL_START);
                stack.push(ie.test());
            } else if (n instanceof GeneratorExp g) {
                stack.push(g.generators().get(0).iter()); // the rest runs when the generator is consumed
                walrusTargetsLater(g, s);
            } else if (n instanceof ListComp c) {
                comprehension(stack, c.generators(), List.of(c.elt()));
            } else if (n instanceof SetComp c) {
                comprehension(stack, c.generators(), List.of(c.elt()));
            } else if (n instanceof DictComp c) {
                comprehension(stack, c.generators(), List.of(c.key(), c.value()));
            } else {
                pushAll(stack, n.children());
            }
        }
    }

    /** Walrus targets in a generator's body are bound when (and if) it is consumed: count them bound, quietly. */
    private void walrusTargetsLater(GeneratorExp g, FlowState s) {
        dev.pyassist.python.ast.AstWalker.walk(g, (Node n) -> {
            if (n instanceof NamedExpr w && w.target() instanceof Name t) {
                Integer i = index.get(t.id());
                if (i != null && s.status[i] != FlowState.ASSIGNED) {
                    s.set(i, FlowState.LOOP, null);
                }
            }
            return !(n instanceof Lambda);
        });
    }

    private static void pushAll(ArrayDeque<Object> stack, List<? extends Node> nodes) {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (nodes.get(i) != null) {
                stack.push(nodes.get(i));
            }
        }
    }

    /** Pushes a comprehension: its first iterable outside its scope, the rest inside with its targets shadowed. */
    private static void comprehension(ArrayDeque<Object> stack, List<Comprehension> gens, List<Expr> elts) {
        Set<String> own = new HashSet<>();
        for (Comprehension g : gens) {
            for (Name n : storedNames(g.target())) {
                own.add(n.id());
            }
        }
        stack.push(SHADOW_END);
        pushAll(stack, elts);
        for (int i = gens.size() - 1; i >= 0; i--) {
            Comprehension g = gens.get(i);
            pushAll(stack, g.ifs());
            if (i > 0) {
                stack.push(g.iter());
            }
        }
        stack.push(new Mark(Mark.SHADOW_START, null, own));
        stack.push(gens.get(0).iter());
    }

    private static boolean shadowed(ArrayList<Set<String>> shadows, String name) {
        for (int i = shadows.size() - 1; i >= 0; i--) {
            if (shadows.get(i).contains(name)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ targets, binding, reads

    /** Binds an assignment target (names) and evaluates what it reads (subscripts, attributes' objects). */
    private void target(Expr t, FlowState s, Stmt st) {
        if (s == null) {
            return;
        }
        ArrayDeque<Expr> stack = new ArrayDeque<>();
        stack.push(t);
        while (!stack.isEmpty()) {
            Expr e = stack.pop();
            if (e instanceof Name n) {
                bind(n.id(), s);
            } else if (e instanceof Tuple tu) {
                for (int i = tu.elts().size() - 1; i >= 0; i--) {
                    stack.push(tu.elts().get(i));
                }
            } else if (e instanceof dev.pyassist.python.ast.List l) {
                for (int i = l.elts().size() - 1; i >= 0; i--) {
                    stack.push(l.elts().get(i));
                }
            } else if (e instanceof Starred sd) {
                stack.push(sd.value());
            } else {
                targetParts(e, s);
            }
        }
    }

    private void targetParts(Expr e, FlowState s) {
        if (e instanceof Attribute a) {
            expr(a.value(), s);
        } else if (e instanceof Subscript sub) {
            expr(sub.value(), s);
            expr(sub.slice(), s);
        } else {
            expr(e, s);
        }
    }

    private void bind(String name, FlowState s) {
        Integer i = index.get(name);
        if (i != null && s != null) {
            s.set(i, FlowState.ASSIGNED, null);
        }
    }

    private void unbind(String name, FlowState s, Why why) {
        Integer i = index.get(name);
        if (i != null && s != null) {
            s.set(i, FlowState.UNBOUND, why);
        }
    }

    private void read(Name n, FlowState s) {
        Integer i = index.get(n.id());
        if (outside.unboundGlobals && (currentJob.kind == Kind.MODULE || (currentJob.moduleDef != null && !isDef(currentJob.moduleDef)
                && !(currentJob.moduleDef instanceof ClassDef)))) {
            moduleReads.merge(n.id(), n.start(), Math::min); // the module's own code (or its comprehensions) reads it
        }
        if (i == null) {
            globalRead(n, s);
            return;
        }
        if (s == null) {
            return;
        }
        byte st = s.status[i];
        if (st == FlowState.ASSIGNED || st == FlowState.LOOP) {
            return;
        }
        if (nameErrorCaught > 0) {
            s.set(i, FlowState.ASSIGNED, null); // `try: x` / `except NameError:` asks; past the read it is bound
            return;
        }
        if (!names.textuallyBoundBefore(n.id(), n.start())) {
            return; // pyflakes' textual walk reports it (names.undefined-name)
        }
        Why why = s.why[i];
        if (st == FlowState.MAYBE && why != null && why.text().startsWith("the `if` condition")
                && onSameSide(testsByIf.get(why.offset()), true)) {
            return; // read under the same test that guards the binding
        }
        if (st == FlowState.MAYBE && why != null && (why.text().startsWith("the `else` branch")
                || why.text().startsWith("the `elif` on line"))
                && onSameSide(testsByElse.get(why.offset()), true)) {
            return; // bound in the body of an `if` with an `else`/`elif`, read under the same test again
        }
        if (st == FlowState.MAYBE && why != null && why.text().startsWith("the `if` branch")
                && onSameSide(testsByIf.get(why.offset()), false)) {
            return; // bound in an `else`, read in the `else` of the same test (or under its negation)
        }
        if (st == FlowState.MAYBE && why != null && enumeration(n.id(), why)) {
            return; // bound in every case of an if/elif chain over one value's cases, none of them `else`
        }
        if (st == FlowState.MAYBE && why != null && correlated(n.id(), why)) {
            return; // read under a test of what decided the binding: a correlation only values could settle
        }
        if (!reported.add(n.id() + (st == FlowState.UNBOUND ? "!" : "?"))) {
            return; // the first such read in a scope is where it fails; later ones add nothing (as pylint does)
        }
        Map<String, Object> data = new HashMap<>();
        data.put("name", n.id());
        String path = why == null ? null : why.text();
        if (path != null) {
            data.put("path", path);
            data.put(FlowIssue.LINE_AT, why.offset());
        }
        if (st == FlowState.UNBOUND) {
            String detail = path != null ? " (" + path + ")" : "";
            scopeIssues.add(new FlowIssue(FlowRule.USED_BEFORE_ASSIGNMENT,
                    "Using variable '" + n.id() + "' before assignment" + detail, n.start(), n.end(), data));
        } else {
            String detail = path != null ? ": it is unbound when " + path : "";
            scopeIssues.add(new FlowIssue(FlowRule.POSSIBLY_USED_BEFORE_ASSIGNMENT,
                    "Possibly using variable '" + n.id() + "' before assignment" + detail, n.start(), n.end(),
                    data));
        }
    }

    /**
     * A def or class of the module's own code, not a top-level one: which of the module's names are bound where it is
     * defined (its functions, defined only on that path, read them bound).
     */
    private void noteDefinedHere(Stmt def, FlowState s) {
        if (currentJob.kind != Kind.MODULE || skip.contains(def) || s == null) {
            return;
        }
        Set<String> bound = new HashSet<>();
        for (int k = 0; k < tracked.length; k++) {
            if (s.status[k] == FlowState.ASSIGNED || s.status[k] == FlowState.LOOP) {
                bound.add(tracked[k]);
            }
        }
        boundAtDef.put(def, bound);
    }

    /**
     * The defs and classes of a block of the module's compound statements see what the block binds after them too
     * (sympy's testing/pytest.py defines `raises`, then the `RaisesContext` it returns, in one `else` branch).
     */
    private void boundAtBlockEnd(List<Stmt> body, FlowState end) {
        for (Stmt st : body) {
            Set<String> bound = boundAtDef.get(st);
            if (bound != null) {
                for (int k = 0; k < tracked.length; k++) {
                    if (end.status[k] == FlowState.ASSIGNED || end.status[k] == FlowState.LOOP) {
                        bound.add(tracked[k]);
                    }
                }
            }
        }
    }

    /**
     * The source texts of the tests a point is under, on one side: the scope's own ({@code tests}) and those around
     * the def or class statements that hold it ({@link #defGuards}).
     */
    private Set<String> guardTexts(List<Expr> tests, boolean trueSide) {
        Set<String> out = new HashSet<>();
        for (Expr g : tests) {
            out.add(testText(g));
        }
        Set<String>[] around = defGuards.get(currentJob.node);
        if (around != null) {
            out.addAll(around[trueSide ? 0 : 1]);
        }
        return out;
    }

    /** Notes the tests around a def or class statement (and around its own scope), for its body's reads. */
    @SuppressWarnings("unchecked")
    private void noteGuards(Stmt def) {
        if (guards.isEmpty() && elseGuards.isEmpty() && !defGuards.containsKey(currentJob.node)) {
            return;
        }
        Set<String>[] both = new Set[] {guardTexts(guards, true), guardTexts(elseGuards, false)};
        defGuards.put(def, both);
    }

    /** The module's names possibly unbound at its end, each with its path (the line filled in) and test. */
    private Map<String, Outside.Unbound> unboundAtEnd(FlowState end) {
        if (end == null) {
            return Map.of(); // the module never ends normally: its functions run only before that, if at all
        }
        Map<String, Outside.Unbound> found = new HashMap<>();
        Map<Integer, Integer> lines = new HashMap<>();
        for (int k = 0; k < tracked.length; k++) {
            Why why = end.why[k];
            if (end.status[k] != FlowState.MAYBE || why == null || !why.text().startsWith("the `")
                    || why.text().startsWith("the `except`")) {
                continue; // only names an `if` leaves unbound: a guarded import (`try` / `except ImportError:`)
                          // is the optional-module idiom, which pylint and pyright leave alone too
            }
            int line = lines.computeIfAbsent(why.offset(), this::lineOf);
            boolean inElse = why.text().startsWith("the `if` branch");
            Expr test = why.text().startsWith("the `if` condition") || inElse ? testsByIf.get(why.offset())
                    : testsByElse.get(why.offset());
            found.put(tracked[k], new Outside.Unbound(why.text().replace("{line}", Integer.toString(line)),
                    test == null ? null : testText(test), !inElse));
        }
        return found;
    }

    private int lineOf(int offset) {
        int line = 1;
        for (int at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) {
            line++;
        }
        return line;
    }

    /**
     * A read, in a function, of a name of no enclosing function: the module's. When the module leaves it possibly
     * unbound at its end ({@code if matchpy: from matchpy import Wildcard}) and it was not bound where the function
     * was defined, that is the opt-in {@link FlowRule#POSSIBLY_UNBOUND_GLOBAL} (pylint's E0606 there): quiet under a
     * {@code try} that catches {@code NameError} and under the very test that guards the binding.
     */
    private void globalRead(Name n, FlowState s) {
        String id = n.id();
        if (!outside.unboundGlobals || s == null || !currentJob.inDef || nameErrorCaught > 0
                || currentJob.kind == Kind.MODULE) {
            return;
        }
        if (params.contains(id) || names.nonlocals.contains(id)
                || (names.events.containsKey(id) && !names.globals.contains(id))) {
            return; // an enclosing function's, or a local the walk does not track
        }
        if (!names.globals.contains(id)) {
            for (Chain c = currentJob.enclosing; c != null && c.names != null; c = c.outer) {
                if (c.names.contains(id)) {
                    return;
                }
            }
        }
        if (currentJob.moduleDef != null) {
            Set<String> bound = boundAtDef.get(currentJob.moduleDef);
            if (bound == null || bound.contains(id)) {
                return; // defined only where it was bound, or defined where the walk does not follow
            }
        }
        Outside.Unbound u = unboundAtEnd != null ? unboundAtEnd.get(id) : outside.unboundAtEnd(id);
        if (u == null) {
            return;
        }
        if (u.test() != null && (u.boundWhenTrue() ? guardTexts(guards, true) : guardTexts(elseGuards, false))
                .contains(u.test())) {
            return; // `if matchpy:` again around the read (or around the def or the class body that holds it)
        }
        if (!reported.add(id + "@")) {
            return;
        }
        Map<String, Object> data = new HashMap<>();
        data.put("name", id);
        data.put("path", u.path());
        data.put("optIn", "possiblyUnboundGlobals");
        scopeIssues.add(new FlowIssue(FlowRule.POSSIBLY_UNBOUND_GLOBAL, "Possibly using variable '" + id
                + "' before assignment: the module leaves it unbound when " + u.path(), n.start(), n.end(), data));
    }

    /** The tests of the {@code if} statements by their start offset (for the same-test guard). */
    private final Map<Integer, Expr> testsByIf = new HashMap<>();
    /** The test of the {@code if} whose {@code else}/{@code elif} starts at an offset (the label's offset). */
    private final Map<Integer, Expr> testsByElse = new HashMap<>();

    /**
     * Whether the read of {@code name} happens under a condition (an enclosing {@code if}, {@code else},
     * {@code while} or {@code for}, an earlier early exit or {@code assert}) that reads a flag of the statement
     * deciding the binding: a name that statement binds beside {@code name} (as in {@code try: import x / has_x =
     * True / except ImportError: has_x = False}, read under {@code if has_x:}), or a name its tests use as a flag
     * ({@code if ok:}, {@code if not ok:}, {@code if ok is None:}, {@code if len(items):}), one step of
     * {@code ok = a or b} followed. Such code relies on the correlation, which takes values to decide; pylint and
     * pyright stay quiet on most of it too. Not when the guard is the very test of a branch that leaves the name
     * unbound (or the else of one that binds it): then the read fails whenever it runs.
     */
    private boolean correlated(String name, Why why) {
        Stmt decider = deciders.get(why.offset());
        if (decider == null || (guards.isEmpty() && elseGuards.isEmpty() && otherGuards.isEmpty())) {
            return false;
        }
        for (Stmt up = elifParent.get(decider); up != null; up = elifParent.get(up)) {
            decider = up;
        }
        Set<String> involved = new HashSet<>();
        Set<String> flags = new HashSet<>();
        Set<String> unboundSides = new HashSet<>(); // where a test's side says the name was not bound
        // when every binding branch tests `subject == "value"`: the subject and those values
        String bindingSubject = null;
        Set<String> bindingValues = new HashSet<>();
        boolean onlyEqualities = true;
        for (Stmt c = decider; c != null; ) {
            Stmt next = null;
            if (c instanceof If i) {
                flagNames(i.test(), flags, 0);
                if (boundInAll(i.body()).contains(name)) {
                    unboundSides.add(sideKey(i.test(), false, 0));
                    String[] eq = stringEquality(i.test());
                    if (eq == null || (bindingSubject != null && !bindingSubject.equals(eq[0]))) {
                        onlyEqualities = false;
                    } else {
                        bindingSubject = eq[0];
                        bindingValues.add(eq[1]);
                    }
                } else {
                    unboundSides.add(sideKey(i.test(), true, 0));
                }
                if (i.orelse().size() == 1 && i.orelse().get(0) instanceof If elif && elifParent.get(elif) == c) {
                    next = elif;
                }
            }
            c = next;
        }
        for (Expr g : guards) {
            if (unboundSides.contains(sideKey(g, true, 0))) {
                return false; // under the test of a branch that does not bind it: unbound whenever it runs
            }
            String[] eq = stringEquality(g);
            if (onlyEqualities && bindingSubject != null && eq != null && eq[0].equals(bindingSubject)
                    && !bindingValues.contains(eq[1])) {
                return false; // `if mode == "a": x = ...` then `if mode == "b": x`: unbound whenever it runs
            }
        }
        for (Expr g : elseGuards) {
            if (unboundSides.contains(sideKey(g, false, 0))) {
                return false;
            }
        }
        exitTests(decider, flags);
        involved.addAll(flags);
        involved.addAll(expand(flags));
        involved.addAll(boundIn(decider));
        besideOtherBindings(name, involved);
        involved.remove(name);
        if (involved.isEmpty()) {
            return false;
        }
        Set<String> guarding = new HashSet<>();
        for (List<Expr> list : List.of(guards, elseGuards, otherGuards)) {
            for (Expr g : list) {
                localNamesIn(g, guarding);
                attributesIn(g, guarding);
            }
        }
        guarding.remove(name);
        return intersects(guarding, involved) || intersects(expand(guarding), involved);
    }

    /** The names a test uses as flags: {@code ok}, {@code not ok}, {@code a and b}, {@code ok is None}, {@code len(ok)}. */
    private void flagNames(Expr test, Set<String> out, int level) {
        if (level > 8) {
            return;
        }
        if (test instanceof Name n) {
            if (isLocal(n.id())) {
                out.add(n.id());
            }
        } else if (test instanceof Attribute a) {
            if (rootedLocally(a)) {
                out.add(testText(a)); // `if self.verbose:` read under `if self.verbose > 0:`
            }
        } else if (test instanceof UnaryOp u && u.op() == UnaryOperator.NOT) {
            flagNames(u.operand(), out, level + 1);
        } else if (test instanceof BoolOp b) {
            for (Expr v : b.values()) {
                flagNames(v, out, level + 1);
            }
        } else if (test instanceof dev.pyassist.python.ast.Compare c && c.comparators().size() == 1
                && c.comparators().get(0) instanceof Constant k && k.kind() == dev.pyassist.python.ast.ConstantKind.NONE) {
            flagNames(c.left(), out, level + 1);
        } else if (test instanceof dev.pyassist.python.ast.Compare c && c.comparators().size() == 1
                && c.comparators().get(0) instanceof Constant k && k.kind() == dev.pyassist.python.ast.ConstantKind.STR
                && EQUALITY.contains(c.ops().get(0))) {
            flagNames(c.left(), out, level + 1); // `if mode == "ovr":` and later `if mode == "multinomial":`
        } else if (test instanceof Call c && c.func() instanceof Name f && f.id().equals("len")
                && c.args().size() == 1) {
            flagNames(c.args().get(0), out, level + 1);
        } else if (test instanceof dev.pyassist.python.ast.Compare c && c.comparators().size() == 1
                && c.left() instanceof Call call && call.func() instanceof Name f && f.id().equals("len")
                && call.args().size() == 1) {
            flagNames(call.args().get(0), out, level + 1); // len(items) > 0
        }
    }

    private boolean rootedLocally(Attribute a) {
        Expr e = a;
        while (e instanceof Attribute x) {
            e = x.value();
        }
        return e instanceof Name n && isLocal(n.id());
    }

    /** The texts of the attribute chains rooted at a name of the scope that {@code e} reads ({@code self.verbose}). */
    private void attributesIn(Expr e, Set<String> out) {
        dev.pyassist.python.ast.AstWalker.walk(e, (Node x) -> {
            if (x instanceof Attribute a && rootedLocally(a)) {
                out.add(testText(a));
            }
            return !(x instanceof Lambda);
        });
    }

    /**
     * The flags of the tests inside {@code st} whose body ends by leaving ({@code if eval_gradient: raise ...} in
     * the branch that does not bind: past the statement, that flag tells the branches apart).
     */
    private void exitTests(Stmt st, Set<String> out) {
        dev.pyassist.python.ast.AstWalker.walk(st, (Node x) -> {
            if (x instanceof If i && !i.body().isEmpty()) {
                Stmt last = i.body().get(i.body().size() - 1);
                if (last instanceof Raise || last instanceof Return) {
                    localNamesIn(i.test(), out);
                    attributesIn(i.test(), out);
                }
            }
            return !(x instanceof FunctionDef || x instanceof AsyncFunctionDef || x instanceof ClassDef
                    || x instanceof Lambda || x instanceof Expr);
        });
    }

    /** {subject text, string value} of a test {@code subject == "value"}, else null. */
    private String[] stringEquality(Expr test) {
        if (test instanceof dev.pyassist.python.ast.Compare c && c.ops().size() == 1 && c.ops().get(0) == CmpOp.EQ
                && c.comparators().get(0) instanceof Constant k
                && k.kind() == dev.pyassist.python.ast.ConstantKind.STR) {
            return new String[] {testText(c.left()), k.value()};
        }
        return null;
    }

    private static final Set<CmpOp> EQUALITY = Set.of(CmpOp.EQ, CmpOp.NOT_EQ, CmpOp.IS, CmpOp.IS_NOT);

    private boolean isLocal(String n) {
        return names.events.containsKey(n) || params.contains(n);
    }

    /**
     * Adds the names bound beside {@code name} by the innermost compound statement around each of its bindings in
     * the scope (a later {@code try: import numpy.distutils / has_it = 2} that binds it again), and those
     * statements' flags.
     */
    private void besideOtherBindings(String name, Set<String> out) {
        Node scopeNode = currentScope;
        Set<Stmt> seen = new HashSet<>();
        // (node, the innermost compound statement around it), walked with an explicit stack
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {scopeNode, null});
        while (!stack.isEmpty()) {
            Object[] item = stack.pop();
            Node n = (Node) item[0];
            Stmt around = (Stmt) item[1];
            if (n != scopeNode && (n instanceof FunctionDef || n instanceof AsyncFunctionDef
                    || n instanceof ClassDef || n instanceof Lambda)) {
                continue;
            }
            boolean binds = (n instanceof Name nm && nm.ctx() == ExprContext.STORE && nm.id().equals(name))
                    || (n instanceof Alias a && name.equals(aliasBinds(a)));
            if (binds && around != null) {
                seen.add(around);
            }
            boolean compound = n instanceof If || n instanceof Try || n instanceof TryStar || n instanceof For
                    || n instanceof AsyncFor || n instanceof While || n instanceof With || n instanceof AsyncWith
                    || n instanceof Match;
            Stmt inner = compound ? (Stmt) n : around;
            for (Node k : n.children()) {
                stack.push(new Object[] {k, inner});
            }
        }
        for (Stmt st : seen) {
            out.addAll(boundIn(st));
            if (st instanceof If i) {
                flagNames(i.test(), out, 0);
            }
        }
    }

    private static String aliasBinds(Alias a) {
        String b = a.asname() != null ? a.asname().id() : a.name().id();
        int dot = b.indexOf('.');
        return dot < 0 ? b : b.substring(0, dot);
    }

    /** The names these statements bind (not in nested functions or classes). */
    private Set<String> boundInAll(List<Stmt> body) {
        Set<String> out = new HashSet<>();
        for (Stmt st : body) {
            out.addAll(boundIn(st));
        }
        return out;
    }

    /**
     * Whether the path that leaves {@code name} unbound is "no test of the chain holds" of an {@code if}/{@code elif}
     * chain (two tests at least, no {@code else}) every branch of which binds the name: code that enumerates the cases
     * an earlier check or the data allow (sklearn's {@code if covariance_type == "full": ... elif ... == "tied": ...},
     * sympy's {@code if func.LETTER(): ... elif func.SYMBOL(): ...} over a parse tree's alternatives). Which cases
     * reach it takes values to decide; pylint and pyright report it, pyassist leaves it (no false alarms).
     */
    private boolean enumeration(String name, Why why) {
        Stmt decider = deciders.get(why.offset());
        if (!(decider instanceof If)) {
            return false;
        }
        for (Stmt up = elifParent.get(decider); up != null; up = elifParent.get(up)) {
            decider = up;
        }
        int tests = 0;
        for (Stmt c = decider; c != null; ) {
            If i = (If) c;
            if (!boundInAll(i.body()).contains(name)) {
                return false;
            }
            tests++;
            if (i.orelse().isEmpty()) {
                break;
            }
            if (!(i.orelse().size() == 1 && i.orelse().get(0) instanceof If elif && elifParent.get(elif) == c)) {
                return false; // an else: the path that leaves it unbound is that else, not a missing case
            }
            c = elif;
        }
        return tests >= 2;
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        for (String x : a) {
            if (b.contains(x)) {
                return true;
            }
        }
        return false;
    }

    /** The names read by the values assigned to these names (one step). */
    private Set<String> expand(Set<String> these) {
        if (assignedFrom == null) {
            assignedFrom = new HashMap<>();
        }
        Set<String> out = new HashSet<>();
        for (String n : these) {
            Set<String> from = assignedFrom.get(n);
            if (from == null) {
                from = new HashSet<>();
                assignedFrom.put(n, from);
                collectAssignedFrom(n, from);
            }
            out.addAll(from);
        }
        return out;
    }

    private void collectAssignedFrom(String n, Set<String> out) {
        Node scopeNode = currentScope;
        if (scopeNode == null) {
            return;
        }
        dev.pyassist.python.ast.AstWalker.walk(scopeNode, (Node x) -> {
            if (x instanceof Assign a && a.targets().size() == 1 && a.targets().get(0) instanceof Name t
                    && t.id().equals(n)) {
                localNamesIn(a.value(), out);
            }
            return x == scopeNode || !(x instanceof FunctionDef || x instanceof AsyncFunctionDef
                    || x instanceof ClassDef || x instanceof Lambda);
        });
    }

    /** The names of this scope (bound or declared in it) that {@code e} reads. */
    private void localNamesIn(Expr e, Set<String> out) {
        dev.pyassist.python.ast.AstWalker.walk(e, (Node x) -> {
            if (x instanceof Name nm && isLocal(nm.id())) {
                out.add(nm.id());
            }
            return !(x instanceof Lambda);
        });
    }

    /** The names {@code st} binds anywhere in it (not in nested functions or classes). */
    private Set<String> boundIn(Stmt st) {
        Set<String> out = new HashSet<>();
        dev.pyassist.python.ast.AstWalker.walk(st, (Node x) -> {
            if (x instanceof Name nm && nm.ctx() == ExprContext.STORE) {
                out.add(nm.id());
            } else if (x instanceof Alias a) {
                String b = a.asname() != null ? a.asname().id() : a.name().id();
                int dot = b.indexOf('.');
                out.add(dot < 0 ? b : b.substring(0, dot));
            } else if (x instanceof FunctionDef f) {
                out.add(f.name().id());
                return false;
            } else if (x instanceof AsyncFunctionDef f) {
                out.add(f.name().id());
                return false;
            } else if (x instanceof ClassDef c) {
                out.add(c.name().id());
                return false;
            }
            return !(x instanceof Lambda);
        });
        return out;
    }

    /**
     * Whether the read happens where {@code test} is {@code positive} again: under an {@code if} with the same test
     * (or its negation: {@code not t}, {@code is not}, {@code !=}, {@code not in}) on the matching side.
     */
    private boolean onSameSide(Expr test, boolean positive) {
        if (test == null) {
            return false;
        }
        String want = sideKey(test, positive, 0);
        for (Expr g : guards) {
            if (g.end() - g.start() >= 1 && sideKey(g, true, 0).equals(want)) {
                return true;
            }
        }
        for (Expr g : elseGuards) {
            if (g.end() - g.start() >= 1 && sideKey(g, false, 0).equals(want)) {
                return true;
            }
        }
        return false;
    }

    /** A test's text with negations taken out, and which side of it holds: "+t" or "-t". */
    private String sideKey(Expr test, boolean positive, int level) {
        if (level < 8 && test instanceof UnaryOp u && u.op() == UnaryOperator.NOT) {
            return sideKey(u.operand(), !positive, level + 1);
        }
        if (test instanceof dev.pyassist.python.ast.Compare c && c.ops().size() == 1) {
            CmpOp op = c.ops().get(0);
            CmpOp flipped = switch (op) {
                case IS_NOT -> CmpOp.IS;
                case NOT_EQ -> CmpOp.EQ;
                case NOT_IN -> CmpOp.IN;
                default -> null;
            };
            CmpOp base = flipped != null ? flipped : op;
            String key = testText(c.left()) + " " + base + " " + testText(c.comparators().get(0));
            return ((flipped != null) != positive ? "+" : "-") + key;
        }
        return (positive ? "+" : "-") + testText(test);
    }
}
