package dev.pyassist.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workspace context is relevant code only: hits far below the best one are padding and stay out. */
class ContextRelevanceTest {
    @TempDir
    Path root;

    @Test
    void hitsFarBelowTheBestOneAreLeftOut() throws Exception {
        Files.writeString(root.resolve("rows.py"), """
                def parse_rows(text, delimiter):
                    \"""Parse the delimited rows of a text into dicts keyed by the header row.\"""
                    header, *rows = [line.split(delimiter) for line in text.splitlines()]
                    return [dict(zip(header, row)) for row in rows]
                """);
        Files.writeString(root.resolve("db.py"), """
                def insert_user(db, user):
                    \"""Insert one user into the users table.\"""
                    db.execute("insert into users values (?)", (user,))
                    return db.total_changes
                """);
        try (var index = new WorkspaceIndex(root)) {
            index.build(100, null);
            var ctx = index.find("how do I parse delimited rows of a text into dicts", null, 4, 10_000);
            assertEquals(1, ctx.size(), ctx.toString());
            assertEquals("parse_rows", ctx.get(0).qualifiedName());
        }
    }
}
