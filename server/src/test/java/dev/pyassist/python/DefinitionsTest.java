package dev.pyassist.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one unit cutter, and the views its three consumers take of it. */
class DefinitionsTest {
    private static final String TEXT = """
            try:
                from fast import f
            except ImportError:
                def f(x):
                    return x
            class C:
                @staticmethod
                def m():
                    def inner():
                        lambda: 0
                    return inner
                if True:
                    def maybe(self):
                        pass
                class D:
                    async def n(self):
                        pass
            match 1:
                case 1:
                    def g():
                        pass
            """;

    private static List<Definition> definitions() {
        ParseResult parsed = PythonParser.parse(TEXT);
        return Definitions.of(parsed.module());
    }

    @Test
    void findsDefinitionsWhereverStatementsNestInSourceOrder() {
        assertEquals(List.of("f", "C", "C.m", "C.m.inner", "C.maybe", "C.D", "C.D.n", "g"),
                definitions().stream().map(d -> d.qualifiedName(".", ".")).toList());
        assertEquals(List.of("f", "C", "C.m", "C.m.<locals>.inner", "C.maybe", "C.D", "C.D.n", "g"),
                definitions().stream().map(d -> d.qualifiedName(".", ".<locals>.")).toList());
    }

    @Test
    void tellsMethodsDirectStatementsAndDecoratedStarts() {
        List<Definition> ds = definitions();
        assertEquals(List.of(false, false, true, false, true, true, true, false),
                ds.stream().map(Definition::inClass).toList());
        // what the validator scores: functions that are statements of the module's or a class's body
        assertEquals(List.of("C.m", "C.D.n"), ds.stream().filter(d -> d.isFunction() && d.directlyInClassesOnly())
                .map(d -> d.qualifiedName(".", ".")).toList());
        assertEquals(TEXT.indexOf("staticmethod"), ds.get(2).decoratedStart());
        assertEquals(TEXT.indexOf("def m"), ds.get(2).node().start());
    }

    @Test
    void sourceUnitsIncludeDefinitionsInHandlersAndCases() {
        assertEquals(List.of("f", "C", "C.m", "C.m.inner", "C.maybe", "C.D", "C.D.n", "g"),
                SourceUnits.of(TEXT).stream().map(SourceUnit::qualifiedName).toList());
    }

    @Test
    void wholeStringsKeepAnFStringAsOneTokenAndOperatorsWhole() {
        String text = "x = f\"a{d[\"k\"]:>{w}}b\" == 'c'  # note\n";
        List<LexedToken> tokens = LexedToken.withWholeStrings(text);
        assertEquals(List.of("x", "=", "f\"a{d[\"k\"]:>{w}}b\"", "==", "'c'"),
                tokens.stream().map(LexedToken::text).toList());
        assertEquals(LexedToken.Kind.STRING, tokens.get(2).kind());
        assertEquals(text.indexOf("f\""), tokens.get(2).start());
    }
}
