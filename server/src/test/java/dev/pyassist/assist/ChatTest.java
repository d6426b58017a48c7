package dev.pyassist.assist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chat's pure pieces: which earlier turns a follow-up carries, and which code an action works on. */
class ChatTest {
    @Test
    void followUpsCarryTheNewestTurnsThatFitTheBudgetInTheirOrder() {
        List<Chat.Turn> turns = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            turns.add(new Chat.Turn("question " + i, "x".repeat(392))); // about 108 tokens a turn
        }
        List<Chat.Turn> kept = Chat.history(turns, 350);
        assertEquals(List.of("question 7", "question 8", "question 9"), kept.stream().map(Chat.Turn::question).toList());
        assertEquals(10, Chat.history(turns, 1_000_000).size());
        assertTrue(Chat.history(turns, 10).isEmpty(), "a turn larger than the budget is left out, not cut");
    }

    @Test
    void aPastedPythonBlockWinsOverAttachments() {
        var attached = List.of(new Chat.Attachment("a.py", "def a():\n    pass\n"));
        assertEquals("def pasted():\n    return 1\n", Chat.codeOf("Translate this to Go:\n```python\ndef pasted():\n"
                + "    return 1\n```", attached).orElseThrow().text());
        assertEquals("a.py", Chat.codeOf("Summarize the file", attached).orElseThrow().name());
        assertTrue(Chat.codeOf("What is a list?", List.of()).isEmpty());
    }
}
