package dev.pyassist.assist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.python.PythonParser;
import dev.pyassist.python.ast.Constant;
import dev.pyassist.python.ast.ExprStmt;
import dev.pyassist.python.ast.FunctionDef;
import org.junit.jupiter.api.Test;

/** Issue 20's pure pieces: docstring quoting, per-target pre-checks, unsupported targets, request rules, checks. */
class ActionChecksTest {

    /** The value of the docstring {@code statement} as Python reads it, after checking that it parses. */
    private static String parsedValue(String statement) {
        String file = "def f():\n    " + statement + "\n    return 1\n";
        var r = PythonParser.parse(file);
        assertTrue(r.ok(), statement + " → " + r.errors());
        var def = (FunctionDef) r.module().body().get(0);
        var c = (Constant) ((ExprStmt) def.body().get(0)).value();
        return String.valueOf(c.value());
    }

    @Test
    void docstringsAreQuotedSoThatTheyParseAndKeepTheirText() {
        for (String content : new String[] {"Return the word \"ok\"", "Read C:\\users\\me\\data.txt",
                "Holds \"\"\" inside", "Holds both \"\"\" and ''' quotes", "Ends in a backslash \\",
                "Path C:\\temp\\ and a \"quote\"", "Four quotes \"\"\"\" in a row"}) {
            String statement = Docstrings.statement(content, "    ");
            assertEquals(content, parsedValue(statement), statement);
        }
        assertEquals("r\"\"\"Read C:\\users\\me\\data.txt\"\"\"", Docstrings.statement("Read C:\\users\\me\\data.txt",
                "    "), "a raw string, as PEP 257 suggests for backslashes");
        assertEquals("'''Holds \"\"\" inside'''", Docstrings.statement("Holds \"\"\" inside", "    "));
        assertEquals("Say \"hi\"", Docstrings.content("\"\"\"Say \"hi\"\"\"\""), "the model's own quotes come off");
    }

    @Test
    void thePrecheckTableIsPerTarget() {
        String ai = "import openai\n\ndef ask(q):\n    return openai.chat(q)\n";
        var js = TranslationPrecheck.check(ai, ai, Language.JAVASCRIPT);
        assertTrue(js.translatable(), js.blockers().toString());
        assertTrue(js.caveats().stream().anyMatch(c -> c.contains("openai npm package")), js.caveats().toString());
        assertFalse(TranslationPrecheck.check(ai, ai, Language.CPP).translatable(), "no official C++ SDK");

        String dyn = "def get(o, name):\n    return getattr(o, name)\n";
        var dynJs = TranslationPrecheck.check(dyn, dyn, Language.JAVASCRIPT);
        assertTrue(dynJs.translatable(), dynJs.blockers().toString());
        assertTrue(dynJs.caveats().stream().anyMatch(c -> c.contains("obj[name]")), dynJs.caveats().toString());
        assertFalse(TranslationPrecheck.check(dyn, dyn, Language.JAVA).translatable());

        String np = "import numpy as np\n\ndef norm(v):\n    return np.sqrt(np.sum(v * v))\n";
        var cpp = TranslationPrecheck.check(np, np, Language.CPP);
        assertTrue(cpp.translatable(), cpp.blockers().toString());
        assertTrue(cpp.caveats().stream().anyMatch(c -> c.contains("Eigen or xtensor")), cpp.caveats().toString());
        var go = TranslationPrecheck.check(np, np, Language.GO);
        assertFalse(go.translatable());
        assertTrue(go.refusal(Language.GO).contains("closest: gonum"), go.refusal(Language.GO));
    }

    @Test
    void unsupportedTargetsAreNamedWithTheClosestSupportedOne() {
        var rust = Language.requestedUnsupported("convert this to Rust").orElseThrow();
        assertEquals("Rust", rust.name());
        assertEquals(Language.CPP, rust.closest());
        assertTrue(rust.answer().contains("Java, C++, JavaScript and Go"), rust.answer());
        assertEquals(Language.JAVASCRIPT, Language.requestedUnsupported("please translate it into TypeScript")
                .orElseThrow().closest());
        assertTrue(Language.requestedUnsupported("translate this to Java").isEmpty());
        assertTrue(Language.requestedUnsupported("explain the code in this file").isEmpty());
        assertTrue(Language.requestedUnsupported("convert the loop in code to a comprehension").isEmpty());
        assertEquals(Language.JAVA, Language.unsupported("c#").orElseThrow().closest());
    }

    @Test
    void generateRequestsThatAreNotRequestsAreRefusedByRule() {
        assertTrue(GenerateRequests.refusal("Thanks for the meeting yesterday").isPresent());
        assertTrue(GenerateRequests.refusal("Hello team").isPresent());
        assertTrue(GenerateRequests.refusal("https://example.com/docs/page").isPresent());
        assertTrue(GenerateRequests.refusal("The weather was lovely this weekend").isPresent());
        assertTrue(GenerateRequests.refusal("hmm").isPresent());
        assertTrue(GenerateRequests.refusal("sort items in place and print the largest").isEmpty());
        assertTrue(GenerateRequests.refusal("Thanks! Now write a parser for the header").isEmpty());
        assertTrue(GenerateRequests.refusal("fetch https://example.com and return its title").isEmpty());
        assertTrue(GenerateRequests.refusal("a dict of user_id to name").isEmpty(), "code-like words count");
        assertTrue(GenerateRequests.refusal("Implement the body of this function:\ndef f(x):").isEmpty());
    }

    @Test
    void aCheckSaysWhichCheckRan() {
        var gofmt = new CompileCheck.Outcome(Language.GO, "gofmt", true, true, "");
        assertTrue(gofmt.summary().startsWith("Syntax check passed (gofmt -e): syntax only"), gofmt.summary());
        assertFalse(gofmt.summary().contains("Compile check"));
        var node = new CompileCheck.Outcome(Language.JAVASCRIPT, "node", true, false, "SyntaxError");
        assertTrue(node.summary().startsWith("Syntax check FAILED (node --check)"), node.summary());
        assertEquals("Compile check passed (javac).", new CompileCheck.Outcome(Language.JAVA, "javac", true, true, "")
                .summary());
    }

    @Test
    void generatedDefinitionsAreRecognisedAsTopLevel() {
        assertTrue(AssistService.definesTopLevel("def helper(x):\n    return x\n"));
        assertTrue(AssistService.definesTopLevel("# a helper\n@cache\ndef helper(x):\n    return x\n"));
        assertTrue(AssistService.definesTopLevel("class Point:\n    pass\n"));
        assertFalse(AssistService.definesTopLevel("total = sum(xs)\n"));
    }
}
