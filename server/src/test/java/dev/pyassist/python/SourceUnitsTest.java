package dev.pyassist.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.python.ast.Arguments;
import dev.pyassist.python.ast.ClassDef;
import dev.pyassist.python.ast.Constant;
import dev.pyassist.python.ast.ConstantKind;
import dev.pyassist.python.ast.ExprStmt;
import dev.pyassist.python.ast.FunctionDef;
import dev.pyassist.python.ast.Identifier;
import dev.pyassist.python.ast.Module;
import dev.pyassist.python.ast.Name;
import dev.pyassist.python.ast.ExprContext;
import dev.pyassist.python.ast.Pass;
import dev.pyassist.python.ast.Return;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Units from the syntax tree and, for buffers that do not parse, from indentation: the same answers. */
class SourceUnitsTest {
    private static final String TEXT = """
            class Stack:
                \"""A stack.\"""

                def push(self, item):
                    pass

            @cached
            def top(x):
                return x
            """;

    private static Arguments noArgs(int at) {
        return new Arguments(List.of(), List.of(), null, List.of(), List.of(), null, List.of(), at, at);
    }

    /** The tree the parser gives for {@link #TEXT} (offsets by hand). */
    private static Module tree() {
        int cls = TEXT.indexOf("class");
        int doc = TEXT.indexOf("\"\"\"A stack");
        int docEnd = TEXT.indexOf("\n", doc);
        int push = TEXT.indexOf("def push");
        int pass = TEXT.indexOf("pass");
        int deco = TEXT.indexOf("@cached");
        int ret = TEXT.indexOf("return x");
        FunctionDef pushDef = new FunctionDef(new Identifier("push", push + 4, push + 8), noArgs(push),
                List.of(new Pass(pass, pass + 4)), List.of(), null, List.of(), push, pass + 4);
        ClassDef stack = new ClassDef(new Identifier("Stack", cls + 6, cls + 11), List.of(), List.of(),
                List.of(new ExprStmt(new Constant(ConstantKind.STR, "A stack.", doc, docEnd), doc, docEnd), pushDef),
                List.of(), List.of(), cls, pass + 4);
        FunctionDef top = new FunctionDef(new Identifier("top", 0, 0), noArgs(deco),
                List.of(new Return(new Name("x", ExprContext.LOAD, ret + 7, ret + 8), ret, ret + 8)),
                List.of(new Name("cached", ExprContext.LOAD, deco + 1, deco + 7)), null, List.of(), deco, ret + 8);
        return new Module(List.of(stack, top), 0, TEXT.length());
    }

    private static void check(List<SourceUnit> units) {
        assertEquals(List.of("Stack", "Stack.push", "top"), units.stream().map(SourceUnit::qualifiedName).toList());
        SourceUnit stack = units.get(0);
        assertEquals(SourceUnit.Kind.CLASS, stack.kind());
        assertEquals("A stack.", stack.docstring());
        assertEquals("\"\"\"A stack.\"\"\"", TEXT.substring(stack.docStart(), stack.docEnd()));
        assertEquals("    ", stack.bodyIndent());
        SourceUnit push = units.get(1);
        assertTrue(push.stubBody());
        assertFalse(push.hasDocstring());
        assertEquals("        ", push.bodyIndent());
        assertEquals(TEXT.indexOf("        pass"), push.bodyStart());
        SourceUnit top = units.get(2);
        assertEquals(TEXT.indexOf("def top"), top.start(), "the header, not the decorator");
        assertFalse(top.stubBody());
        assertEquals("top", SourceUnits.innermostAt(units, TEXT.indexOf("return")).orElseThrow().name());
        assertEquals("Stack.push", SourceUnits.innermostAt(units, TEXT.indexOf("pass")).orElseThrow()
                .qualifiedName());
    }

    @Test
    void fromTheSyntaxTree() {
        check(SourceUnits.fromTree(TEXT, tree()));
    }

    @Test
    void fromIndentationWhenTheBufferDoesNotParse() {
        check(SourceUnits.fromIndentation(TEXT));
    }

    @Test
    void indentationHandlesMultiLineHeadersOneLinersAndDedentedDocstrings() {
        String text = "def f(a,\n      b):\n    '''Doc\nstill doc.'''\n    ...\n\ndef g(): return 1\nx = 2\n";
        List<SourceUnit> units = SourceUnits.fromIndentation(text);
        assertEquals(List.of("f", "g"), units.stream().map(SourceUnit::name).toList());
        SourceUnit f = units.get(0);
        assertEquals("Doc\nstill doc.", f.docstring());
        assertTrue(f.stubBody());
        assertEquals(text.indexOf("    ..."), text.lastIndexOf("\n", f.end() - 1) + 1);
        SourceUnit g = units.get(1);
        assertEquals(text.indexOf("return 1"), g.bodyStart());
        assertFalse(g.stubBody());
    }
}
