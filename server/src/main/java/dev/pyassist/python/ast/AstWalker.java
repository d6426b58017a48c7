package dev.pyassist.python.ast;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Iterative (stack-safe) pre-order traversal, like Python's {@code ast.walk} but in source order. */
public final class AstWalker {
    private AstWalker() {
    }

    /** Calls {@code action} on {@code root} and every descendant, parents before children, in source order. */
    public static void walk(Node root, Consumer<? super Node> action) {
        walk(root, n -> {
            action.accept(n);
            return true;
        });
    }

    /** Pre-order traversal; when {@code enter} returns false the node's children are skipped. */
    public static void walk(Node root, Predicate<? super Node> enter) {
        ArrayDeque<Node> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            if (!enter.test(n)) continue;
            List<Node> ch = n.children();
            for (int i = ch.size() - 1; i >= 0; i--) stack.push(ch.get(i));
        }
    }
}
