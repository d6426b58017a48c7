package dev.pyassist.complete;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FimTemplateTest {

    @Test
    void modelNamesPickTheirFamily() {
        assertEquals(Optional.of(FimTemplate.STARCODER), FimTemplate.forModel("bigcode/starcoder2-7b"));
        assertEquals(Optional.of(FimTemplate.CODELLAMA), FimTemplate.forModel("codellama:13b-code"));
        assertEquals(Optional.of(FimTemplate.DEEPSEEK), FimTemplate.forModel("deepseek-coder-v2-lite-base"));
        assertEquals(Optional.of(FimTemplate.QWEN), FimTemplate.forModel("Qwen/Qwen2.5-Coder-1.5B"));
        assertEquals(Optional.of(FimTemplate.CODESTRAL), FimTemplate.forModel("codestral-22b"));
        assertEquals(Optional.empty(), FimTemplate.forModel("gpt-4o-mini"), "chat-only: a chat prompt");
    }

    @Test
    void placeholdersInTheCodeAreNotExpanded() {
        assertEquals("<fim_prefix>a = '{suffix}'<fim_suffix>{prefix}<fim_middle>",
                FimTemplate.STARCODER.render("a = '{suffix}'", "{prefix}", "p.py"));
    }

    @Test
    void aCustomLayoutNeedsThePrefix() {
        assertEquals("p.py|x|y", FimTemplate.custom("{path}|{prefix}|{suffix}", List.of()).render("x", "y", "p.py"));
        assertThrows(IllegalArgumentException.class, () -> FimTemplate.custom("{suffix} only", List.of()));
    }
}
