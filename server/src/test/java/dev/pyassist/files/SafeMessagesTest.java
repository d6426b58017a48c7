package dev.pyassist.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SafeMessagesTest {
    @Test
    void jsonErrorsGiveThePlaceNotTheText() {
        JsonProcessingException e = assertThrows(JsonProcessingException.class,
                () -> new ObjectMapper().readTree("{\n  \"a\": 1,\n" + HostileFiles.SECRET));
        String m = SafeMessages.invalidJson(e);
        assertFalse(m.contains("root"), m);
        assertTrue(m.startsWith("not valid JSON (line 3, column "), m);
    }

    @Test
    void quotedExcerptsAreDropped() {
        assertEquals("unknown variant ..., expected one of ...",
                SafeMessages.withoutQuotes("unknown variant `root:*:19000`, expected one of \"BPE\"\nmore"));
    }
}
