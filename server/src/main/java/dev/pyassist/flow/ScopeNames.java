package dev.pyassist.flow;

import dev.pyassist.python.ast.Alias;
import dev.pyassist.python.ast.AnnAssign;
import dev.pyassist.python.ast.Arguments;
import dev.pyassist.python.ast.AsyncFunctionDef;
import dev.pyassist.python.ast.ClassDef;
import dev.pyassist.python.ast.Comprehension;
import dev.pyassist.python.ast.ExceptHandler;
import dev.pyassist.python.ast.ExprContext;
import dev.pyassist.python.ast.FunctionDef;
import dev.pyassist.python.ast.Global;
import dev.pyassist.python.ast.If;
import dev.pyassist.python.ast.IfExp;
import dev.pyassist.python.ast.Import;
import dev.pyassist.python.ast.ImportFrom;
import dev.pyassist.python.ast.Lambda;
import dev.pyassist.python.ast.MatchAs;
import dev.pyassist.python.ast.MatchMapping;
import dev.pyassist.python.ast.MatchStar;
import dev.pyassist.python.ast.Name;
import dev.pyassist.python.ast.NamedExpr;
import dev.pyassist.python.ast.Node;
import dev.pyassist.python.ast.Nonlocal;
import dev.pyassist.python.ast.Stmt;
import dev.pyassist.python.ast.While;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names one scope binds, found without following control flow: which are local, where each is bound or
 * deleted in the text (to tell which reads pyflakes' textual walk already reports), the declarations and the
 * nested scopes. The walk is iterative and does not enter nested function or class bodies.
 */
final class ScopeNames {
    /** One textual event of a name: a binding, or a deletion pyflakes would also see. */
    record Event(int offset, boolean bind) {
    }

    /** Names bound or declared local here, in first-seen order, with their textual events in source order. */
    final Map<String, List<Event>> events = new LinkedHashMap<>();
    /** Names with a binding here (an annotation alone declares a local but binds nothing). */
    final Set<String> bound = new HashSet<>();
    /** Names a {@code del} removes somewhere here, conditionally or not. */
    final Set<String> deleted = new HashSet<>();
    final Set<String> globals = new HashSet<>();
    final Set<String> nonlocals = new HashSet<>();
    final List<Node> nestedScopes = new ArrayList<>();
    boolean starImport;

    /** @param bindAt where a name stored under this node counts as bound (-1: at the name itself) */
    private record Item(Node node, boolean conditional, int bindAt) {
        Item(Node node, boolean conditional) {
            this(node, conditional, -1);
        }
    }

    /** Collects what {@code body} (a scope's statements) binds. */
    static ScopeNames of(List<Stmt> body) {
        ScopeNames s = new ScopeNames();
        ArrayDeque<Item> stack = new ArrayDeque<>();
        for (int i = body.size() - 1; i >= 0; i--) {
            stack.push(new Item(body.get(i), false));
        }
        List<ExceptHandler> handlers = new ArrayList<>();
        while (!stack.isEmpty()) {
            Item item = stack.pop();
            s.visit(item, stack, handlers);
        }
        // pyflakes removes an except handler's name at the handler's end unless an earlier binding comes back
        for (ExceptHandler h : handlers) {
            List<Event> ev = s.events.get(h.name().id());
            boolean earlier = false;
            for (Event e : ev) {
                earlier |= e.bind && e.offset < h.start();
            }
            if (!earlier) {
                ev.add(new Event(h.end(), false));
            }
        }
        for (List<Event> ev : s.events.values()) {
            if (ev.size() > 1) {
                ev.sort((a, b) -> Integer.compare(a.offset, b.offset)); // stable: a deletion stays after its read
            }
        }
        return s;
    }

    private void bind(String name, int offset) {
        events.computeIfAbsent(name, k -> new ArrayList<>()).add(new Event(offset, true));
        bound.add(name);
    }

    private void declare(String name) {
        events.computeIfAbsent(name, k -> new ArrayList<>());
    }

    private static void push(ArrayDeque<Item> stack, List<? extends Node> nodes, boolean conditional) {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (n != null) {
                stack.push(new Item(n, conditional));
            }
        }
    }

    private static void pushArgDefaults(ArrayDeque<Item> stack, Arguments args, boolean conditional) {
        push(stack, args.defaults(), conditional);
        push(stack, args.kwDefaults(), conditional);
    }

    private void visit(Item item, ArrayDeque<Item> stack, List<ExceptHandler> handlers) {
        Node n = item.node;
        boolean cond = item.conditional;
        if (n instanceof FunctionDef f) {
            bind(f.name().id(), f.name().start());
            nestedScopes.add(f);
            push(stack, f.decoratorList(), cond);
            pushArgDefaults(stack, f.args(), cond);
        } else if (n instanceof AsyncFunctionDef f) {
            bind(f.name().id(), f.name().start());
            nestedScopes.add(f);
            push(stack, f.decoratorList(), cond);
            pushArgDefaults(stack, f.args(), cond);
        } else if (n instanceof ClassDef c) {
            bind(c.name().id(), c.name().start());
            nestedScopes.add(c);
            push(stack, c.decoratorList(), cond);
            push(stack, c.bases(), cond);
            for (var k : c.keywords()) {
                stack.push(new Item(k.value(), cond));
            }
        } else if (n instanceof Lambda l) {
            pushArgDefaults(stack, l.args(), cond);
        } else if (n instanceof Comprehension c) {
            // the target is the comprehension's own; walrus targets in iter and ifs bind here
            push(stack, c.ifs(), true);
            stack.push(new Item(c.iter(), cond));
        } else if (n instanceof AnnAssign a && a.value() == null && a.target() instanceof Name name) {
            declare(name.id());
        } else if (n instanceof dev.pyassist.python.ast.Assign a && item.bindAt < 0) {
            // the value runs first: `x = x` reads before it binds (as pyflakes has it)
            for (int i = a.targets().size() - 1; i >= 0; i--) {
                stack.push(new Item(a.targets().get(i), cond, a.end()));
            }
            stack.push(new Item(a.value(), cond));
        } else if (n instanceof dev.pyassist.python.ast.AugAssign a) {
            stack.push(new Item(a.value(), cond));
            stack.push(new Item(a.target(), cond, a.end()));
        } else if (n instanceof AnnAssign a && item.bindAt < 0) {
            stack.push(new Item(a.target(), cond, a.end()));
            if (a.value() != null) { // `self.x: int` declares nothing and has no value
                stack.push(new Item(a.value(), cond));
            }
            stack.push(new Item(a.annotation(), cond));
        } else if (n instanceof Name name) {
            if (name.ctx() == ExprContext.STORE) {
                bind(name.id(), item.bindAt >= 0 ? item.bindAt : name.start());
            } else if (name.ctx() == ExprContext.DEL) {
                declare(name.id());
                deleted.add(name.id());
                if (!cond) {
                    events.get(name.id()).add(new Event(name.start(), false));
                }
            }
        } else if (n instanceof NamedExpr w) {
            stack.push(new Item(w.value(), cond));
            if (w.target() instanceof Name t) {
                bind(t.id(), t.start());
            }
        } else if (n instanceof Import imp) {
            for (Alias a : imp.names()) {
                String b = a.asname() != null ? a.asname().id() : a.name().id();
                int dot = b.indexOf('.');
                bind(dot < 0 ? b : b.substring(0, dot), a.start());
            }
        } else if (n instanceof ImportFrom imp) {
            for (Alias a : imp.names()) {
                if (a.name().id().equals("*")) {
                    starImport = true;
                } else {
                    bind(a.asname() != null ? a.asname().id() : a.name().id(), a.start());
                }
            }
        } else if (n instanceof ExceptHandler h) {
            if (h.name() != null) {
                bind(h.name().id(), h.name().start());
                handlers.add(h);
            }
            push(stack, h.children(), cond);
        } else if (n instanceof MatchAs m) {
            if (m.name() != null) {
                bind(m.name().id(), m.name().start());
            }
            push(stack, m.children(), cond);
        } else if (n instanceof MatchStar m) {
            if (m.name() != null) {
                bind(m.name().id(), m.name().start());
            }
        } else if (n instanceof MatchMapping m) {
            if (m.rest() != null) {
                bind(m.rest().id(), m.rest().start());
            }
            push(stack, m.children(), cond);
        } else if (n instanceof Global g) {
            g.names().forEach(id -> globals.add(id.id()));
        } else if (n instanceof Nonlocal g) {
            g.names().forEach(id -> nonlocals.add(id.id()));
        } else if (n instanceof If i) {
            push(stack, i.children(), true);
        } else if (n instanceof While w) {
            push(stack, w.children(), true);
        } else if (n instanceof IfExp e) {
            push(stack, e.children(), true);
        } else if (item.bindAt >= 0) {
            for (int i = n.children().size() - 1; i >= 0; i--) {
                stack.push(new Item(n.children().get(i), cond, item.bindAt));
            }
        } else {
            push(stack, n.children(), cond);
        }
    }

    /** The latest textual event of each name before an offset: whether pyflakes sees a binding there. */
    boolean textuallyBoundBefore(String name, int offset) {
        List<Event> ev = events.get(name);
        if (ev == null) {
            return false;
        }
        boolean boundNow = false;
        for (Event e : ev) {
            if (e.offset >= offset) {
                break;
            }
            boundNow = e.bind;
        }
        return boundNow;
    }

    /** Maps each local name to its index in a {@link FlowState}. */
    static Map<String, Integer> index(List<String> names) {
        Map<String, Integer> out = new HashMap<>();
        for (String n : names) {
            out.put(n, out.size());
        }
        return out;
    }
}
