package dev.pyassist.assist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assist package's pure pieces: pre-check, routing rules, docstrings, code blocks, compile checks, feedback. */
class PiecesTest {

    @Test
    void precheckStopsOnLibrariesWithoutCounterpartEvalAndDynamicAttributes() {
        String np = "import numpy as np\ndef f(v):\n    return np.sum(v)\n";
        var v = TranslationPrecheck.check(np, np, Language.JAVA);
        assertFalse(v.translatable());
        assertTrue(v.refusal(Language.JAVA).contains("'numpy'"), v.refusal(Language.JAVA));
        // an import the translated unit does not use does not count
        String file = "import torch\n\ndef add(a, b):\n    return a + b\n";
        assertTrue(TranslationPrecheck.check("def add(a, b):\n    return a + b\n", file, Language.GO).translatable());
        assertFalse(TranslationPrecheck.check("def run(s):\n    return eval(s)\n", null, Language.CPP).translatable());
        assertFalse(TranslationPrecheck.check("def set(o, k, v):\n    setattr(o, k, v)\n", null, Language.JAVA)
                .translatable());
        assertFalse(TranslationPrecheck.check("def f(o):\n    return o.__dict__\n", null, Language.GO).translatable());
        assertTrue(TranslationPrecheck.check("def f(o):\n    return getattr(o, 'name')\n", null, Language.JAVA)
                .translatable(), "getattr with a constant name is a plain attribute");
        assertTrue(TranslationPrecheck.check("def f():\n    # eval(x) in a comment\n    return 'eval(x)'\n", null,
                Language.JAVA).translatable(), "words in comments and strings are not code");
        var caveats = TranslationPrecheck.check("import json\ndef gen(n):\n    yield from range(n)\n",
                null, Language.JAVA).caveats();
        assertTrue(caveats.stream().anyMatch(c -> c.contains("generators")), caveats.toString());
        assertTrue(caveats.stream().anyMatch(c -> c.contains("'json'")), caveats.toString());
    }

    @Test
    void intentsFromTheModelsLabelAndFromRules() {
        assertEquals("translate:go", Intent.fromLabel("translate:go").orElseThrow().label());
        assertEquals("translate:cpp", Intent.fromLabel(" Translate: C++\n").orElseThrow().label());
        assertEquals("explain", Intent.fromLabel("explain.").orElseThrow().label());
        assertTrue(Intent.fromLabel("I think you want something").isEmpty());
        assertEquals("translate:javascript", Intent.byRules("convert this to JavaScript").label());
        assertEquals("translate:java", Intent.byRules("port it to java please").label());
        assertEquals("translate:cpp", Intent.byRules("rewrite in C++").label());
        assertEquals("summarize", Intent.byRules("write a docstring for this").label());
        assertEquals("generate", Intent.byRules("implement a function that reverses a list").label());
        assertEquals("explain", Intent.byRules("what is a list comprehension?").label());
    }

    @Test
    void docstringStyleAndStatement() {
        assertEquals(Docstrings.Style.GOOGLE, Docstrings.detect(List.of("Do.\n\nArgs:\n    x: y\n")));
        assertEquals(Docstrings.Style.NUMPY, Docstrings.detect(List.of("Do.\n\nParameters\n----------\nx : int\n")));
        assertEquals(Docstrings.Style.SPHINX, Docstrings.detect(List.of("Do.\n\n:param x: y\n")));
        assertEquals(Docstrings.Style.PLAIN, Docstrings.detect(java.util.Arrays.asList("Do.", null)));
        assertEquals("Add.", Docstrings.content("```\n\"\"\"Add.\"\"\"\n```"));
        assertEquals("\"\"\"One line.\"\"\"", Docstrings.statement("One line.", "    "));
        assertEquals("\"\"\"Sum.\n\n    Returns the sum.\n    \"\"\"", Docstrings.statement("Sum.\n\nReturns the sum.", "    "));
    }

    @Test
    void codeBlocks() {
        assertEquals("x = 1", CodeBlocks.extract("Sure!\n```python\nx = 1\n```\nDone."));
        assertEquals("x = 1", CodeBlocks.extract("x = 1\n\n"));
        assertEquals("a\n  b", CodeBlocks.dedent("    a\n      b"));
        assertEquals("  a\n\n  b", CodeBlocks.indent("a\n\nb", "  "));
        assertEquals("\r\n", CodeBlocks.newline("a\r\nb"));
        assertEquals("Calc", CompileCheck.javaTypeName("import x;\npublic final class Calc {}").orElseThrow());
    }

    @Test
    void externalChecksRunWhereTheToolIsOnThePathAndSayWhenItIsNot() {
        var check = new CompileCheck(Duration.ofSeconds(20), System.getenv("PATH"));
        var none = new CompileCheck(Duration.ofSeconds(20), "");
        var js = none.check(Language.JAVASCRIPT, "let x = ;");
        assertFalse(js.ran());
        assertEquals("Not compile-checked: node is not on the PATH.", js.summary());
        if (check.onPath("node").isPresent()) {
            assertTrue(check.check(Language.JAVASCRIPT, "function f(a) { return a + 1; }\n").ok());
            assertFalse(check.check(Language.JAVASCRIPT, "function f(a) { return a + ; }\n").ok());
        }
        if (check.onPath("g++").isPresent()) {
            assertTrue(check.check(Language.CPP, "int add(int a, int b) { return a + b; }\n").ok());
            var bad = check.check(Language.CPP, "int add(int a, int b) { return a + ; }\n");
            assertFalse(bad.ok());
            assertTrue(bad.summary().startsWith("Compile check FAILED (g++ -fsyntax-only)"), bad.summary());
        }
        if (check.onPath("gofmt").isPresent()) {
            assertTrue(check.check(Language.GO, "package calc\n\nfunc Add(a, b int) int { return a + b }\n").ok());
            assertFalse(check.check(Language.GO, "package calc\n\nfunc Add(a, b int) int { return a + }\n").ok());
        }
    }

    @Test
    void generationNeedsADescription() {
        assertTrue(GenerateRequests.refusal("hmm").isPresent());
        assertTrue(GenerateRequests.refusal("  ").isPresent());
        assertTrue(GenerateRequests.refusal("parse the header and return a dict").isEmpty());
    }
}
