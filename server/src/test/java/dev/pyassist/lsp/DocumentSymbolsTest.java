package dev.pyassist.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.Test;

class DocumentSymbolsTest {
    private static final String URI = "file:///work/shapes.py";
    private static final String TEXT = String.join("\n",
            "MAX_SIDES = 12",
            "",
            "class Shape:",
            "    sides: int = 0",
            "",
            "    def área(self):",
            "        def helper():",
            "            return 1",
            "        return helper()",
            "",
            "if True:",
            "    async def later():",
            "        pass",
            "");

    @Test
    void outlineNestsClassesMethodsAndFunctionsInNonAsciiAwareRanges() throws Exception {
        try (var lsp = new LspHarness()) {
            lsp.initialize(LspHarness.offering("utf-8"), null);
            lsp.open(URI, 1, TEXT);
            var symbols = lsp.server.getTextDocumentService()
                    .documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(URI)))
                    .get(20, TimeUnit.SECONDS);
            assertEquals(3, symbols.size());
            DocumentSymbol constant = symbols.get(0).getRight();
            assertEquals("MAX_SIDES", constant.getName());
            assertEquals(SymbolKind.Constant, constant.getKind());
            DocumentSymbol shape = symbols.get(1).getRight();
            assertEquals(SymbolKind.Class, shape.getKind());
            assertEquals(SymbolKind.Field, shape.getChildren().get(0).getKind());
            DocumentSymbol method = shape.getChildren().get(1);
            assertEquals("área", method.getName());
            assertEquals(SymbolKind.Method, method.getKind());
            assertEquals(5, method.getSelectionRange().getStart().getLine());
            assertEquals(8, method.getSelectionRange().getStart().getCharacter());
            assertEquals(13, method.getSelectionRange().getEnd().getCharacter()); // 'á' is 2 UTF-8 bytes
            assertEquals("helper", method.getChildren().get(0).getName());
            assertEquals(SymbolKind.Function, method.getChildren().get(0).getKind());
            assertEquals("later", symbols.get(2).getRight().getName());
            assertTrue(symbols.get(2).getRight().getChildren().isEmpty());
        }
    }
}
