package dev.pyassist.assist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void attachmentsThatFitGoInWholeAndLargerOnesByRelevance() {
        var small = List.of(new Chat.Attachment("a.py", "def a():\n    return 1\n"),
                new Chat.Attachment("b.py", "def b():\n    return 2\n"));
        List<String> files = new ArrayList<>();
        String whole = Chat.attached("What does b do?", small, a -> { throw new AssertionError("no ranking needed"); },
                1000, files);
        assertTrue(whole.contains("Attached file a.py") && whole.contains("Attached file b.py"), whole);
        assertEquals(List.of("a.py", "b.py"), files);

        var big = List.of(new Chat.Attachment("big.py", "x = 1\n".repeat(400)),
                new Chat.Attachment("b.py", "def b():\n    return 2\n"));
        ContextSource ranked = (q, u, x, n, c) -> List.of(new ContextSource.ContextUnit("b.py", "b", "def b():\n    return 2"));
        files.clear();
        String chosen = Chat.attached("What does b do?", big, a -> ranked, 1000, files);
        assertTrue(chosen.contains("From the attached file b.py (the parts most related to the question)"), chosen);
        assertFalse(chosen.contains("x = 1"), chosen);
        assertEquals(List.of("b.py"), files);

        files.clear();
        String cut = Chat.attached("What does b do?", big, null, 1000, files);
        assertTrue(cut.contains("Attached file big.py (cut to fit)"), cut);
        assertEquals(List.of("big.py"), files, "without an index: in order, cut to fit");
    }
}
