package dev.pyassist.complete;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionCacheTest {

    @Test
    void typingThroughASuggestionGetsTheRestOfIt() {
        var cache = new SuggestionCache(4);
        cache.put("u", "x = max(", ")\n", "a, b");
        assertEquals(Optional.of("a, b"), cache.find("u", "x = max(", ")\n"));
        assertEquals(Optional.of(", b"), cache.find("u", "x = max(a", ")\n"));
        assertEquals(Optional.empty(), cache.find("u", "x = max(a, b", ")\n"), "nothing left of it");
        assertEquals(Optional.empty(), cache.find("u", "x = max(c", ")\n"), "typed something else");
        assertEquals(Optional.empty(), cache.find("u", "x = max(a", "]\n"), "the suffix changed");
        assertEquals(Optional.empty(), cache.find("v", "x = max(a", ")\n"), "another document");
    }

    @Test
    void theLeastRecentlyUsedGoesFirst() {
        var cache = new SuggestionCache(2);
        cache.put("u", "a", "", "1");
        cache.put("u", "b", "", "2");
        cache.find("u", "a", ""); // a is used again
        cache.put("u", "c", "", "3");
        assertEquals(List.of("3", "1"), cache.suggestions());
        cache.forget("u");
        assertEquals(List.of(), cache.suggestions());
    }
}
