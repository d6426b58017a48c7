package dev.pyassist.validator;

import dev.pyassist.python.ast.Arg;
import dev.pyassist.python.ast.Arguments;
import dev.pyassist.python.ast.AnnAssign;
import dev.pyassist.python.ast.Assign;
import dev.pyassist.python.ast.AsyncFunctionDef;
import dev.pyassist.python.ast.Attribute;
import dev.pyassist.python.ast.AugAssign;
import dev.pyassist.python.ast.BinOp;
import dev.pyassist.python.ast.BoolOp;
import dev.pyassist.python.ast.Call;
import dev.pyassist.python.ast.ClassDef;
import dev.pyassist.python.ast.CmpOp;
import dev.pyassist.python.ast.Compare;
import dev.pyassist.python.ast.Constant;
import dev.pyassist.python.ast.Expr;
import dev.pyassist.python.ast.ExprContext;
import dev.pyassist.python.ast.For;
import dev.pyassist.python.ast.FunctionDef;
import dev.pyassist.python.ast.Keyword;
import dev.pyassist.python.ast.Module;
import dev.pyassist.python.ast.Name;
import dev.pyassist.python.ast.Node;
import dev.pyassist.python.ast.Operator;
import dev.pyassist.python.ast.Starred;
import dev.pyassist.python.ast.Stmt;
import dev.pyassist.python.ast.Subscript;
import dev.pyassist.python.ast.UnaryOp;
import dev.pyassist.python.ast.UnaryOperator;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-site detectors' features, as {@code models/pyvalidator/sites.py} computes them on a unit's parse
 * (a golden file written by the Python tests keeps the two equal): each adjacent pair of positional arguments
 * ({@code swap}, with the callee's parameter names at those positions when a function of that name is defined in
 * the same file: {@link #signatures}), each comparison and arithmetic operator ({@code op}) and each load of a
 * local name of the unit's first function with the names it could have been ({@code misuse}). Names become subtokens, hashed
 * with 32-bit FNV-1a into the model's buckets. Offsets are UTF-16 offsets into the parsed unit text.
 */
public final class SiteFeatures {
    public static final int T = 6;
    public static final int S = 4;
    /** Slots of a swap site: callee, the two arguments, context, the two parameters, name matches. */
    public static final int S_SWAP = 7;
    public static final int K = 8;
    public static final int F = 9;
    public static final int BUCKETS = 1 << 15;
    static final int MAX_SUB = 4;
    public static final List<String> OPS = List.of("<", "<=", ">", ">=", "==", "!=", "is", "is not", "in", "not in",
            "+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@");
    private static final Pattern SUB = Pattern.compile("[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+");
    private static final Pattern COMMENT = Pattern.compile("#[^\\n]*");

    /**
     * One site: its kind, the suspicious span, the slots of tokens, and for misuse the candidates; {@code exact}
     * marks a swap the flow layer's exact check ({@code calls.arguments-out-of-order}) reports.
     */
    public record Site(String kind, int start, int end, List<List<String>> tokens, String current,
            List<String> cands, double[][] nums, int[] parts, boolean exact) {}

    private final String code;
    private final int[] lineStarts;
    private final Map<Node, Node> parent = new IdentityHashMap<>();
    private final Map<String, List<String>> sigs;

    private SiteFeatures(String code, Module module, Map<String, List<String>> sigs) {
        this.code = code;
        this.sigs = sigs;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < code.length(); i++) {
            if (code.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        ArrayDeque<Node> todo = new ArrayDeque<>();
        todo.add(module);
        while (!todo.isEmpty()) {
            Node n = todo.poll();
            for (Node c : n.children()) {
                parent.put(c, n);
                todo.add(c);
            }
        }
    }

    /** All sites of a parsed unit, with the unit's own {@link #signatures}. */
    public static List<Site> extract(String code, Module module) {
        return extract(code, module, signatures(module));
    }

    /**
     * All sites of a parsed unit (swap, op, misuse; order within a kind is not part of the contract); sigs =
     * {@link #signatures} of the file the unit is in.
     */
    public static List<Site> extract(String code, Module module, Map<String, List<String>> sigs) {
        SiteFeatures f = new SiteFeatures(code, module, sigs);
        List<Site> out = new ArrayList<>();
        List<Node> all = bfs(module);
        for (Node n : all) {
            if (n instanceof Call c) {
                f.swapSites(c, out);
            }
        }
        for (Node n : all) {
            f.opSites(n, out);
        }
        for (Node n : all) {
            if (n instanceof FunctionDef || n instanceof AsyncFunctionDef) {
                f.misuseSites(n, out);
                break;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ names and hashing
    public static int fnv1a(String text) {
        int h = 0x811C9DC5;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        return h;
    }

    public static long tokenId(String text) {
        return Integer.toUnsignedLong(fnv1a(text)) % (BUCKETS - 1) + 1;
    }

    public static List<String> subtokens(String name) {
        List<String> out = new ArrayList<>();
        Matcher m = SUB.matcher(name);
        while (m.find() && out.size() < MAX_SUB) {
            out.add(m.group().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /** [slots][T] ids, 0 = padding. */
    public static long[][] encode(List<List<String>> slots, int nSlots) {
        long[][] out = new long[nSlots][T];
        for (int i = 0; i < nSlots && i < slots.size(); i++) {
            List<String> slot = slots.get(i);
            for (int j = 0; j < T && j < slot.size(); j++) {
                out[i][j] = tokenId(slot.get(j));
            }
        }
        return out;
    }

    /** The tokens of a misuse candidate: its full name and its subtokens. */
    public static List<String> nameTokens(String name) {
        List<String> out = new ArrayList<>();
        out.add("F:" + name);
        out.addAll(subtokens(name));
        return out;
    }

    /** Python's class name of a node, as the features spell it. */
    static String pyType(Node n) {
        String s = n == null ? "NoneType" : n.getClass().getSimpleName();
        return switch (s) {
            case "ExprStmt" -> "Expr";
            case "Keyword" -> "keyword";
            case "Comprehension" -> "comprehension";
            case "Arguments" -> "arguments";
            case "Arg" -> "arg";
            case "WithItem" -> "withitem";
            case "MatchCase" -> "match_case";
            case "Alias" -> "alias";
            default -> s;
        };
    }

    static String calleeName(Expr func) {
        if (func instanceof Name n) {
            return n.id();
        }
        if (func instanceof Attribute a) {
            return a.attr().id();
        }
        return "";
    }

    static List<String> constTokens(Constant c) {
        List<String> out = new ArrayList<>();
        switch (c.kind()) {
            case TRUE, FALSE -> {
                out.add("K:bool");
                out.add("V:" + (c.kind() == dev.pyassist.python.ast.ConstantKind.TRUE ? "True" : "False"));
            }
            case NONE -> out.add("K:none");
            case ELLIPSIS -> out.add("K:ellipsis");
            case INT -> {
                out.add("K:int");
                BigInteger v = intValue(c.value());
                if (v != null && v.compareTo(BigInteger.TEN) <= 0) {
                    out.add("V:" + v);
                }
            }
            case FLOAT -> out.add("K:float");
            case COMPLEX -> out.add("K:complex");
            case BYTES -> out.add("K:bytes");
            case STR -> {
                out.add("K:str");
                int len = c.value().codePointCount(0, c.value().length());
                if (len == 0) {
                    out.add("V:empty");
                } else if (len == 1) {
                    out.add("V:char");
                }
            }
            default -> out.add("K:Constant");
        }
        return out;
    }

    /** The value of a Python int literal's spelling (underscores, 0x/0o/0b), null when it is not one. */
    static BigInteger intValue(String spelling) {
        String s = spelling.replace("_", "").toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("0x")) {
                return new BigInteger(s.substring(2), 16);
            }
            if (s.startsWith("0o")) {
                return new BigInteger(s.substring(2), 8);
            }
            if (s.startsWith("0b")) {
                return new BigInteger(s.substring(2), 2);
            }
            return new BigInteger(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** What an operand or argument is: its kind, its full name, its name's subtokens (at most T). */
    static List<String> describe(Node node) {
        List<String> out = new ArrayList<>();
        if (node instanceof Name n) {
            out.add("K:name");
            out.add("F:" + n.id());
            out.addAll(subtokens(n.id()));
        } else if (node instanceof Attribute a) {
            out.add("K:attr");
            out.add("F:" + a.attr().id());
            out.addAll(subtokens(a.attr().id()));
        } else if (node instanceof Call c) {
            out.add("K:call");
            String name = calleeName(c.func());
            if (!name.isEmpty()) {
                out.add("F:" + name);
                out.addAll(subtokens(name));
            }
        } else if (node instanceof Constant c) {
            out.addAll(constTokens(c));
        } else if (node instanceof UnaryOp u && u.op() == UnaryOperator.USUB && u.operand() instanceof Constant c) {
            out.add("K:neg");
            if (c.kind() == dev.pyassist.python.ast.ConstantKind.INT) {
                BigInteger v = intValue(c.value());
                if (v != null && v.compareTo(BigInteger.TEN) <= 0) {
                    out.add("V:-" + v);
                }
            }
        } else if (node instanceof Subscript s) {
            out.add("K:sub");
            List<String> inner = describe(s.value());
            out.addAll(inner.subList(1, inner.size()));
        } else {
            out.add("K:" + pyType(node));
        }
        return cut(out, T);
    }

    private static List<String> cut(List<String> l, int n) {
        return l.size() <= n ? l : new ArrayList<>(l.subList(0, n));
    }

    private Node stmtOf(Node node) {
        Node n = node;
        while (parent.containsKey(n) && !(n instanceof Stmt)) {
            n = parent.get(n);
        }
        return n;
    }

    private static Expr target(Node st) {
        if (st instanceof Assign a) {
            return a.targets().get(0);
        }
        if (st instanceof AugAssign a) {
            return a.target();
        }
        if (st instanceof AnnAssign a) {
            return a.target();
        }
        return null;
    }

    private List<String> context(Node node) {
        Node p = parent.get(node);
        Node st = stmtOf(node);
        List<String> out = new ArrayList<>();
        out.add("P:" + pyType(p));
        out.add("G:" + pyType(st));
        if (p instanceof Call c && node != c.func()) {
            String name = calleeName(c.func());
            if (!name.isEmpty()) {
                out.add("C:" + name);
                out.addAll(cut(subtokens(name), 2));
            }
        } else if (target(st) != null) {
            List<String> d = describe(target(st));
            for (int i = 1; i < Math.min(4, d.size()); i++) {
                out.add("A:" + d.get(i));
            }
        }
        return cut(out, T);
    }

    // ------------------------------------------------------------------ swap
    /**
     * Positional parameter names of every function defined in a module, by name (a first {@code self} or
     * {@code cls} dropped, so a method's list lines up with {@code obj.method(...)}'s arguments); a name defined
     * twice with different parameters is left out, since a call could mean either.
     */
    public static Map<String, List<String>> signatures(Module module) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Set<String> conflicting = new HashSet<>();
        for (Node n : bfs(module)) {
            Arguments a;
            String name;
            if (n instanceof FunctionDef f) {
                a = f.args();
                name = f.name().id();
            } else if (n instanceof AsyncFunctionDef f) {
                a = f.args();
                name = f.name().id();
            } else {
                continue;
            }
            List<String> ps = new ArrayList<>();
            for (Arg p : a.posonlyargs()) {
                ps.add(p.arg().id());
            }
            for (Arg p : a.args()) {
                ps.add(p.arg().id());
            }
            if (!ps.isEmpty() && (ps.get(0).equals("self") || ps.get(0).equals("cls"))) {
                ps.remove(0);
            }
            List<String> prev = out.putIfAbsent(name, List.copyOf(ps));
            if (prev != null && !prev.equals(ps)) {
                conflicting.add(name);
            }
        }
        out.keySet().removeAll(conflicting);
        return out;
    }

    private static Set<String> nameWords(Node node) {
        Set<String> out = new HashSet<>();
        for (String w : describe(node)) {
            if (!w.contains(":")) {
                out.add(w);
            }
        }
        return out;
    }

    private static boolean shares(Set<String> a, Set<String> b) {
        for (String w : a) {
            if (b.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** The swap site's last three slots (sites.py param_slots): the parameters at i and i + 1, name matches. */
    static List<List<String>> paramSlots(Node x, Node y, int i, List<String> params) {
        if (params == null || i + 1 >= params.size()) {
            return List.of(List.of(), List.of(), List.of("M:unknown"));
        }
        String p = params.get(i);
        String q = params.get(i + 1);
        Set<String> sp = new HashSet<>(subtokens(p));
        Set<String> sq = new HashSet<>(subtokens(q));
        Set<String> sx = nameWords(x);
        Set<String> sy = nameWords(y);
        List<String> m = new ArrayList<>();
        m.add("M:known");
        if (shares(sx, sp)) {
            m.add("M:xp");
        }
        if (shares(sx, sq)) {
            m.add("M:xq");
        }
        if (shares(sy, sp)) {
            m.add("M:yp");
        }
        if (shares(sy, sq)) {
            m.add("M:yq");
        }
        return List.of(cut(nameTokens("P:", p), T), cut(nameTokens("P:", q), T), cut(m, T));
    }

    private static List<String> nameTokens(String prefix, String name) {
        List<String> out = new ArrayList<>();
        out.add(prefix + name);
        out.addAll(subtokens(name));
        return out;
    }

    /** Both arguments are plain names that are the callee's parameters at each other's position. */
    static boolean exactSwap(Node x, Node y, int i, List<String> params) {
        return params != null && i + 1 < params.size() && x instanceof Name a && y instanceof Name b
                && a.id().equals(params.get(i + 1)) && b.id().equals(params.get(i));
    }

    private void swapSites(Call node, List<Site> out) {
        if (node.args().size() < 2) {
            return;
        }
        String name = calleeName(node.func());
        List<String> callee = new ArrayList<>();
        if (!name.isEmpty()) {
            callee.add("F:" + name);
            callee.addAll(subtokens(name));
        } else {
            callee.add("K:" + pyType(node.func()));
        }
        if (node.func() instanceof Attribute a) {
            List<String> d = describe(a.value());
            callee.add("B:" + (d.size() > 1 ? d.get(1) : d.get(0)));
        }
        List<String> ctxTail = cut(context(node), T - 2);
        List<Expr> args = node.args();
        for (int i = 0; i + 1 < args.size(); i++) {
            Expr x = args.get(i);
            Expr y = args.get(i + 1);
            if (x instanceof Starred || y instanceof Starred) {
                continue;
            }
            List<String> ctx = new ArrayList<>();
            ctx.add("I:" + Math.min(i, 3));
            ctx.add("N:" + Math.min(args.size(), 5));
            ctx.addAll(ctxTail);
            List<String> params = name.isEmpty() ? null : sigs.get(name);
            boolean exact = exactSwap(x, y, i, params);
            List<List<String>> slots = new ArrayList<>(List.of(cut(callee, T), describe(x), describe(y), cut(ctx, T)));
            slots.addAll(paramSlots(x, y, i, params));
            out.add(new Site("swap", x.start(), y.end(), List.copyOf(slots),
                    "", List.of(), new double[0][], new int[] {x.start(), x.end(), y.start(), y.end()}, exact));
        }
    }

    // ------------------------------------------------------------------ op
    private static final Map<CmpOp, String> CMP_TEXT = new java.util.EnumMap<>(Map.of(
            CmpOp.LT, "<", CmpOp.LTE, "<=", CmpOp.GT, ">", CmpOp.GTE, ">=", CmpOp.EQ, "==", CmpOp.NOT_EQ, "!=",
            CmpOp.IS, "is", CmpOp.IS_NOT, "is not", CmpOp.IN, "in", CmpOp.NOT_IN, "not in"));
    private static final Map<CmpOp, Pattern> CMP_PATTERN = new java.util.EnumMap<>(Map.of(
            CmpOp.LT, Pattern.compile("<(?!=)"), CmpOp.LTE, Pattern.compile("<="), CmpOp.GT, Pattern.compile(">(?!=)"),
            CmpOp.GTE, Pattern.compile(">="), CmpOp.EQ, Pattern.compile("=="), CmpOp.NOT_EQ, Pattern.compile("!="),
            CmpOp.IS, Pattern.compile("\\bis\\b(?!\\s+not\\b)"), CmpOp.IS_NOT, Pattern.compile("\\bis\\s+not\\b"),
            CmpOp.IN, Pattern.compile("\\bin\\b"), CmpOp.NOT_IN, Pattern.compile("\\bnot\\s+in\\b")));
    private static final Map<Operator, String> BIN_PATTERN = new java.util.EnumMap<>(Map.ofEntries(
            Map.entry(Operator.ADD, "\\+"), Map.entry(Operator.SUB, "-"), Map.entry(Operator.MULT, "\\*(?!\\*)"),
            Map.entry(Operator.DIV, "/(?!/)"), Map.entry(Operator.FLOORDIV, "//"), Map.entry(Operator.MOD, "%"),
            Map.entry(Operator.POW, "\\*\\*"), Map.entry(Operator.LSHIFT, "<<"), Map.entry(Operator.RSHIFT, ">>"),
            Map.entry(Operator.BITAND, "&"), Map.entry(Operator.BITOR, "\\|"), Map.entry(Operator.BITXOR, "\\^")));

    /** The operator's text between two operands, outside comments: [start, end) or null. */
    private int[] findInGap(int a, int b, Pattern p) {
        if (a > b) {
            return null;
        }
        Matcher c = COMMENT.matcher(code.substring(a, b));
        StringBuilder masked = new StringBuilder();
        while (c.find()) {
            c.appendReplacement(masked, " ".repeat(c.group().length()));
        }
        c.appendTail(masked);
        Matcher m = p.matcher(masked);
        return m.find() ? new int[] {a + m.start(), a + m.end()} : null;
    }

    private void opSites(Node node, List<Site> out) {
        if (node instanceof Compare c) {
            Expr prev = c.left();
            for (int i = 0; i < c.ops().size(); i++) {
                CmpOp op = c.ops().get(i);
                Expr comp = c.comparators().get(i);
                int[] sp = findInGap(prev.end(), comp.start(), CMP_PATTERN.get(op));
                if (sp != null) {
                    String text = CMP_TEXT.get(op);
                    out.add(new Site("op", sp[0], sp[1], List.of(List.of("O:" + text, "M:cmp"), describe(prev),
                            describe(comp), context(c)), text, List.of(), new double[0][], new int[0], false));
                }
                prev = comp;
            }
            return;
        }
        Operator op;
        Expr left;
        Expr right;
        boolean aug = node instanceof AugAssign;
        if (node instanceof BinOp b) {
            op = b.op();
            left = b.left();
            right = b.right();
        } else if (node instanceof AugAssign a) {
            op = a.op();
            left = a.target();
            right = a.value();
        } else {
            return;
        }
        if (!BIN_PATTERN.containsKey(op)) {
            return;
        }
        int[] sp = findInGap(left.end(), right.start(), Pattern.compile(BIN_PATTERN.get(op) + (aug ? "=" : "")));
        if (sp != null) {
            String text = op.symbol();
            out.add(new Site("op", sp[0], sp[1], List.of(List.of("O:" + text, aug ? "M:aug" : "M:bin"), describe(left),
                    describe(right), context(node)), text, List.of(), new double[0][], new int[0], false));
        }
    }

    // ------------------------------------------------------------------ misuse
    private int lineOf(int offset) {
        int i = java.util.Arrays.binarySearch(lineStarts, offset);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    private static List<Arg> params(Arguments a) {
        List<Arg> out = new ArrayList<>(a.posonlyargs());
        out.addAll(a.args());
        out.addAll(a.kwonlyargs());
        if (a.vararg() != null) {
            out.add(a.vararg());
        }
        if (a.kwarg() != null) {
            out.add(a.kwarg());
        }
        return out;
    }

    private List<String> role(Name node) {
        Node p = parent.get(node);
        List<String> out = new ArrayList<>();
        if (p instanceof Attribute a) {
            out.add("R:attr");
            out.add("F:" + a.attr().id());
            out.addAll(subtokens(a.attr().id()));
        } else if (p instanceof Call c) {
            if (node == c.func()) {
                out.add("R:func");
            } else {
                String name = calleeName(c.func());
                int pos = -1;
                for (int i = 0; i < c.args().size(); i++) {
                    if (c.args().get(i) == node) {
                        pos = i;
                        break;
                    }
                }
                out.add("R:arg");
                out.add("I:" + Math.min(pos, 3));
                if (!name.isEmpty()) {
                    out.add("F:" + name);
                    out.addAll(subtokens(name));
                }
            }
        } else if (p instanceof Keyword k) {
            String arg = k.arg() == null ? "" : k.arg().id();
            out.add("R:kw");
            out.add("F:" + arg);
            out.addAll(subtokens(arg));
        } else if (p instanceof BinOp || p instanceof Compare || p instanceof BoolOp) {
            out.add("R:" + pyType(p));
            for (Node c : p.children()) {
                if (c != node && c instanceof Expr) {
                    out.addAll(cut(describe(c), T - 1));
                    break;
                }
            }
        } else if (p instanceof Subscript s) {
            boolean value = node == s.value();
            out.add(value ? "R:subvalue" : "R:index");
            out.addAll(cut(describe(value ? s.slice() : s.value()), T - 1));
        } else {
            out.add("R:" + pyType(p));
        }
        return cut(out, T);
    }

    private void misuseSites(Node fnNode, List<Site> out) {
        Arguments args = fnNode instanceof FunctionDef f ? f.args() : ((AsyncFunctionDef) fnNode).args();
        Map<String, Integer> defined = new LinkedHashMap<>();
        Set<String> paramNames = new HashSet<>();
        for (Arg a : params(args)) {
            defined.put(a.arg().id(), 0);
            paramNames.add(a.arg().id());
        }
        List<Name> names = new ArrayList<>();
        Map<String, List<Name>> loads = new java.util.HashMap<>();
        Map<String, List<Integer>> storeLines = new java.util.HashMap<>();
        Map<Integer, List<Name>> byLine = new java.util.HashMap<>();
        for (Node n : bfs(fnNode)) {
            if (n instanceof Name nm) {
                int line = lineOf(nm.start());
                names.add(nm);
                byLine.computeIfAbsent(line, k -> new ArrayList<>()).add(nm);
                if (nm.ctx() == ExprContext.LOAD) {
                    loads.computeIfAbsent(nm.id(), k -> new ArrayList<>()).add(nm);
                } else {
                    storeLines.computeIfAbsent(nm.id(), k -> new ArrayList<>()).add(line);
                    if (nm.ctx() == ExprContext.STORE) {
                        defined.merge(nm.id(), line, Math::min);
                    }
                }
            } else if (n != fnNode && (n instanceof FunctionDef || n instanceof AsyncFunctionDef || n instanceof ClassDef)) {
                // the line of the name (Python's lineno of a def is its `def` line, not its decorators')
                dev.pyassist.python.ast.Identifier id = n instanceof FunctionDef f ? f.name()
                        : n instanceof AsyncFunctionDef f ? f.name() : ((ClassDef) n).name();
                defined.merge(id.id(), lineOf(id.start()), Math::min);
            }
        }
        if (defined.size() < 2) {
            return;
        }
        for (Name n : names) {
            if (n.ctx() != ExprContext.LOAD || !defined.containsKey(n.id())) {
                continue;
            }
            int line = lineOf(n.start());
            List<String> others = new ArrayList<>();
            for (Map.Entry<String, Integer> e : defined.entrySet()) {
                if (!e.getKey().equals(n.id()) && e.getValue() <= line && !e.getKey().equals("self")) {
                    others.add(e.getKey());
                }
            }
            if (others.isEmpty()) {
                continue;
            }
            Map<String, Integer> last = new java.util.HashMap<>();
            for (String v : defined.keySet()) {
                int best = defined.get(v) <= line ? defined.get(v) : 0;
                for (int l : storeLines.getOrDefault(v, List.of())) {
                    if (l <= line && l > best) {
                        best = l;
                    }
                }
                last.put(v, best);
            }
            others.sort((x, y) -> {
                int c = Integer.compare(line - last.get(x), line - last.get(y));
                return c != 0 ? c : x.compareTo(y);
            });
            List<String> cands = new ArrayList<>();
            cands.add(n.id());
            cands.addAll(others.subList(0, Math.min(others.size(), K - 1)));
            Node st = stmtOf(n);
            List<String> slot2 = new ArrayList<>();
            slot2.add("G:" + pyType(st));
            Expr tgt = st instanceof For f ? f.target() : target(st);
            if (tgt != null) {
                List<String> d = describe(tgt);
                for (int i = 1; i < Math.min(4, d.size()); i++) {
                    slot2.add("A:" + d.get(i));
                }
            }
            List<List<String>> ctx = List.of(role(n), cut(slot2, T));
            Set<String> words = new HashSet<>();
            for (List<String> slot : ctx) {
                for (String s : slot) {
                    int colon = s.indexOf(':');
                    words.add(colon >= 0 ? s.substring(colon + 1).toLowerCase(Locale.ROOT) : s);
                }
            }
            Set<String> tgtNames = new HashSet<>();
            List<Expr> targets = st instanceof Assign a ? a.targets()
                    : st instanceof For f ? List.of(f.target()) : target(st) != null ? List.of(target(st)) : List.of();
            for (Expr t : targets) {
                for (Node m : bfs(t)) {
                    if (m instanceof Name nm) {
                        tgtNames.add(nm.id());
                    }
                }
            }
            List<Name> lineNames = byLine.getOrDefault(line, List.of());
            double[][] nums = new double[cands.size()][];
            for (int j = 0; j < cands.size(); j++) {
                String v = cands.get(j);
                int lds = 0;
                for (Name m : loads.getOrDefault(v, List.of())) {
                    if (m != n) {
                        lds++;
                    }
                }
                boolean sameLine = false;
                for (Name m : lineNames) {
                    sameLine |= m != n && m.id().equals(v);
                }
                int stores = 0;
                for (Name m : names) {
                    if (m.ctx() != ExprContext.LOAD && m.id().equals(v)) { // Python's count holds Del too
                        stores++;
                    }
                }
                int shared = 0;
                for (String s : subtokens(v)) {
                    if (words.contains(s)) {
                        shared++;
                    }
                }
                nums[j] = new double[] {j == 0 ? 1 : 0, Math.log1p(lds), lds == 0 ? 1 : 0, Math.log1p(stores),
                        paramNames.contains(v) ? 1 : 0, Math.min(line - last.get(v), 50) / 50.0, sameLine ? 1 : 0,
                        tgtNames.contains(v) ? 1 : 0, shared};
            }
            out.add(new Site("misuse", n.start(), n.end(), ctx, n.id(), List.copyOf(cands), nums, new int[0], false));
        }
    }

    private static List<Node> bfs(Node root) {
        List<Node> out = new ArrayList<>();
        ArrayDeque<Node> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            Node n = todo.poll();
            out.add(n);
            todo.addAll(n.children());
        }
        return out;
    }
}
