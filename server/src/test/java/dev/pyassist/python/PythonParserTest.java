package dev.pyassist.python;

import static org.junit.jupiter.api.Assertions.*;

import dev.pyassist.python.ast.*;
import dev.pyassist.python.ast.Module;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PythonParserTest {
    static int line(String s, int off) {
        int l = 1;
        for (int i = 0; i < off && i < s.length(); i++) if (s.charAt(i) == '\n') l++;
        return l;
    }

    static SyntaxDiagnostic error(String src) {
        ParseResult r = PythonParser.parse(src);
        assertNull(r.module());
        assertEquals(1, r.errors().size());
        return r.errors().get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "x = 1\n", "", "\n\n", "# only a comment", "x = 1", "a = b = c\n",
        "if (n := 10) > 5: pass\n",
        "match = 1\nmatch.x = 2\nprint(match)\n",
        "match x:\n    case [1, 2, *rest]: pass\n    case {'a': 1, **kw}: pass\n    case Point(x=0, y=_) | None: pass\n    case -1 | 1+2j | 'a' 'b' | a.b.c as z if z: pass\n    case _: pass\n",
        "match (x, y):\n    case (1, _): pass\n",
        "case = 1\ntype = 2\n_ = 3\n",
        "f'{x}' f\"{y!r:>{width}}\" f'{x=}' f'{a[\"k\"]}' f\"{'nested' + f'{1}'}\"\n",
        "f'{x:{y}.{z}f}'\n",
        "x = f\"{\n    1 +\n    2\n}\"\n",
        "def f[T: int, *Ts, **P](a, /, b, *, c=1, **k) -> T: ...\n",
        "class C[T](Base, metaclass=M): pass\n",
        "type Alias[T] = list[T]\n",
        "try:\n    pass\nexcept* ValueError as e:\n    pass\n",
        "@x.y[0](1)\n@(lambda f: f)\ndef f(): pass\n",
        "def f(a, b=1, /, c=2, *args, d, e=3, **kw): pass\n",
        "x = 0x_FF + 0o17 + 0b1_0 + 1_000.5e-3 + 1j + .5 + 5. + 0e0\n",
        "s = r'\\d' u'w'\nb = b'x' rb'y' Rb'z'\n",
        "x = 'a' 'b' \"c\"\nb = b'a' B'b'\n",
        "async def f():\n    async with a as b, c as d:\n        async for x in y:\n            await z\n    return [i async for i in g()]\n",
        "def g():\n    yield\n    yield from x\n    x = yield 1\n",
        "a, *b = c\n[a, b] = *c, d\n(a) = 1\nx[1:2, ::3] = y\n",
        "with (open(a) as f, open(b) as g):\n    pass\n",
        "with (a, b):\n    pass\n",
        "if x:\n\tpass\n", "if x:\n \f pass\n",
        "x = 1 + \\\n    2\n",
        "é = 1\nπ = 2\n",
        "lambda: 0\nlambda *a, **k: 0\nlambda a, /, b: 0\n",
        "print(*a, **k, sep='')\nf(x for x in y)\n",
        "{**a, 'b': 1}\n{*a, 1}\n{x: y for x, y in z}\n{x for x in y if x}\n",
        "global x\nx = 1\ndef f():\n    nonlocal_ = 1\n",
        "for x, in y: pass\nelse: pass\nwhile 1:\n    break\nelse:\n    pass\n",
        "del a, b[0], c.d\ndel (a, b), [c]\n",
        "x = not not -+~1 ** -2\n",
        "assert x, 'msg'\nraise E from None\n",
        "from . import a\nfrom .. x import (y as z, w,)\nfrom ...a.b import *\nimport a.b.c as d, e\n",
        "x: int = 1\ny: list[int]\n(z): int\na.b: int\n",
        "x = [\n    1,\n    2,\n]\n",
        "if x:\n    pass\n# trailing comment\n",
        "class A:\n    def f(self):\n        return 1\n\n\n    x = 2\n",
        "x = a if b else c\nx = [y for y in z if y if not y]\n",
        "print(f'{x!r}', f'{{}}')\n",
    })
    void validCode(String src) {
        ParseResult r = PythonParser.parse(src);
        assertEquals(List.of(), r.errors(), () -> "for: " + src);
        assertNotNull(r.module());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "if x\\n    pass\\n|1|expected ':'",
        "def f()\\n    pass\\n|1|expected ':'",
        "class C\\n    pass\\n|1|expected ':'",
        "x = (1,\\ny = 2\\n|1|'(' was never closed",
        "x = 1)\\n|1|unmatched ')'",
        "x = (1]\\n|1|closing parenthesis ']' does not match opening parenthesis '('",
        "x = 'abc\\n|1|unterminated string literal (detected at line 1)",
        "x = '''abc\\n\\n|1|unterminated triple-quoted string literal (detected at line 2)",
        "x = 1\\n    y = 2\\n|2|unexpected indent",
        "if x:\\n        a\\n    b\\n|3|unindent does not match any outer indentation level",
        "if x:\\npass\\n|2|expected an indented block after 'if' statement on line 1",
        "def f():\\nreturn\\n|2|expected an indented block after function definition on line 1",
        "retrun x\\n|1|invalid syntax",
        "x = 1 +\\n|1|invalid syntax",
        "f(a b)\\n|1|invalid syntax. Perhaps you forgot a comma?",
        "f() = 1\\n|1|cannot assign to function call here. Maybe you meant '==' instead of '='?",
        "1 = x\\n|1|cannot assign to literal here. Maybe you meant '==' instead of '='?",
        "[a, 1] = x\\n|1|cannot assign to literal",
        "x = a €\\n|1|invalid character '€' (U+20AC)",
        "x = 1abc\\n|1|invalid decimal literal",
        "try:\\n    pass\\nx = 1\\n|3|expected 'except' or 'finally' block",
        "del f()\\n|1|cannot delete function call",
        "for 1 in x: pass\\n|1|cannot assign to literal",
        "x = 1 if y\\n|1|expected 'else' after 'if' expression",
        "f(a=1, b)\\n|1|positional argument follows keyword argument",
    })
    void errors(String src, int line, String msg) {
        String s = src.replace("\\n", "\n");
        SyntaxDiagnostic d = error(s);
        assertEquals(msg, d.message(), s);
        assertEquals(line, line(s, d.start()), s);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "return 1\\n|1|'return' outside function",
        "break\\n|1|'break' outside loop",
        "for x in y:\\n    def f():\\n        continue\\n|3|'continue' not properly in loop",
        "await x\\n|1|'await' outside function",
        "def f():\\n    await x\\n|2|'await' outside async function",
        "yield 1\\n|1|'yield' outside function",
        "def f(a, a): pass\\n|1|duplicate argument 'a' in function definition",
        "nonlocal x\\n|1|nonlocal declaration not allowed at module level",
        "def f():\\n    nonlocal x\\n|2|no binding for nonlocal 'x' found",
        "def f(a):\\n    global a\\n|2|name 'a' is parameter and global",
        "def f():\\n    print(x)\\n    global x\\n|3|name 'x' is used prior to global declaration",
        "import os\\nfrom __future__ import annotations\\n|2|from __future__ imports must occur at the beginning of the file",
        "*a = 1\\n|1|starred assignment target must be in a list or tuple",
        "f(a=1, a=2)\\n|1|keyword argument repeated: a",
        "print \"hello\"\\n|1|Missing parentheses in call to 'print'. Did you mean print(...)?",
        "match x:\\n    case a:\\n        pass\\n    case 1:\\n        pass\\n|2|name capture 'a' makes remaining patterns unreachable",
    })
    void compileErrors(String src, int line, String msg) {
        errors(src, line, msg);
    }

    @Test
    void concurrentParsesAreIndependent() throws Exception {
        String good = "def f(a, b):\n    return [a + b for _ in range(3)]\n".repeat(200);
        String bad = good + "x = (1,\n";
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> fs = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                boolean ok = i % 2 == 0;
                fs.add(pool.submit(() -> PythonParser.parse(ok ? good : bad).ok() == ok));
            }
            for (var f : fs) assertTrue(f.get());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void astOffsets() {
        String src = "def foo(a, b=1):\n    return a + b\n";
        Module m = PythonParser.parse(src).module();
        FunctionDef f = (FunctionDef) m.body().get(0);
        assertEquals("foo", f.name().id());
        assertEquals("foo", src.substring(f.name().start(), f.name().end()));
        assertEquals(0, f.start());
        Return r = (Return) f.body().get(0);
        BinOp b = (BinOp) r.value();
        assertEquals("a + b", src.substring(b.start(), b.end()));
        assertEquals("b", src.substring(f.args().args().get(1).arg().start(), f.args().args().get(1).arg().end()));
        Module m2 = PythonParser.parse("import os.path as p, sys\nx.y = 2\n").module();
        Import imp = (Import) m2.body().get(0);
        assertEquals("os.path", imp.names().get(0).name().id());
        assertEquals("p", imp.names().get(0).asname().id());
        Assign as = (Assign) m2.body().get(1);
        assertEquals(ExprContext.STORE, ((Attribute) as.targets().get(0)).ctx());
    }

    @Test
    void comments() {
        ParseResult r = PythonParser.parse("x = 1  # noqa\n# c2\n");
        assertEquals(2, r.comments().size());
        assertEquals("# noqa", r.comments().get(0).text());
    }

    @Test
    void robustness() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            String deep = "x = " + "(".repeat(100_000) + "1" + ")".repeat(100_000) + "\n";
            assertEquals("too many nested parentheses", error(deep).message());
            String unary = "x = " + "-".repeat(100_000) + "1\n";
            PythonParser.parse(unary);
            String sum = "x = 1" + " + 1".repeat(250_000) + "\n";
            // CPython 3.13's compiler stops at 9,998 nested expressions (a left-deep sum is one per operand)
            assertEquals("maximum recursion depth exceeded during compilation", error(sum).message());
            assertTrue(PythonParser.parse("x = 1" + " + 1".repeat(9_990) + "\n").ok());
            String pow = "x = " + "2 ** ".repeat(50_000) + "2\n";
            assertFalse(PythonParser.parse(pow).ok());
            String lam = "x = " + "lambda: ".repeat(50_000) + "2\n";
            assertFalse(PythonParser.parse(lam).ok());
            String longLine = "x = [" + "1, ".repeat(330_000) + "]\n";
            assertTrue(PythonParser.parse(longLine).ok());
            assertFalse(PythonParser.parse("x = 1\0\n").ok());
            PythonParser.parse("x = '\uD800'\n\uDC00 = 1\n");
            byte[] garbage = new byte[200_000];
            new java.util.Random(1).nextBytes(garbage);
            PythonParser.parse(new String(garbage, java.nio.charset.StandardCharsets.ISO_8859_1));
            StringBuilder big = new StringBuilder();
            while (big.length() < 10_000_000) big.append("def f(a, b):\n    return [a + b * 2 for _ in range(10)]\n");
            assertTrue(PythonParser.parse(big.toString()).ok());
        });
    }

    @Test
    void sourceDecoder() {
        assertEquals("x", SourceDecoder.decode(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'x'}).text());
        assertTrue(SourceDecoder.decode("x = 'é'".getBytes(java.nio.charset.StandardCharsets.UTF_8)).error().isEmpty());
        DecodedSource bad = SourceDecoder.decode(new byte[] {'x', '=', (byte) 0xFF, '\n'});
        assertTrue(bad.error().isPresent());
        assertTrue(bad.error().get().message().startsWith("Non-UTF-8 code starting with '\\xff'"));
        DecodedSource latin = SourceDecoder.decode("# -*- coding: latin-1 -*-\nx = '\u00e9'\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertTrue(latin.error().isEmpty());
        assertTrue(latin.text().contains("\u00e9"));
    }
}
