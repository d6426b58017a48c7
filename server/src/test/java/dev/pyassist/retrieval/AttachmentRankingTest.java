package dev.pyassist.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.assist.Chat;
import dev.pyassist.assist.ContextSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A chat's attachments ranked by the workspace index's BM25: the functions a question is about come first. */
class AttachmentRankingTest {

    private static String filler(String prefix, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("def ").append(prefix).append(i).append("(values):\n    total = 0\n    for v in values:\n")
                    .append("        total += v * ").append(i).append("\n    return total\n\n\n");
        }
        return b.toString();
    }

    @Test
    void theUnitsAQuestionIsAboutComeFirstNamedByTheirFile() {
        List<Chat.Attachment> attached = List.of(
                new Chat.Attachment("sums.py", filler("weighted_sum_", 30)),
                new Chat.Attachment("csvrows.py", "def parse_csv_row(line):\n    return line.rstrip('\\n').split(',')\n"),
                new Chat.Attachment("more.py", filler("scaled_total_", 30)));
        ContextSource index = WorkspaceIndex.ofAttachments(attached);
        List<ContextSource.ContextUnit> hits = index.find("How does parse_csv_row split a csv row?", null, 5, 4000);
        assertFalse(hits.isEmpty());
        assertEquals("csvrows.py", hits.get(0).file());
        assertEquals("parse_csv_row", hits.get(0).qualifiedName());
        assertTrue(hits.stream().noneMatch(h -> h.file().equals("sums.py")), "far below the best hit: " + hits);
    }
}
