package dev.pyassist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line builds only the subcommand it runs (start-up), and all of them for usage and help. */
class MainCommandLineTest {
    @Test
    void serveBuildsOnlyServe() {
        assertEquals(List.of("serve", "help"), List.copyOf(Main.commandLine("serve").getSubcommands().keySet()));
        assertEquals(List.of("check", "help"), List.copyOf(Main.commandLine("check").getSubcommands().keySet()));
    }

    @Test
    void usageHelpAndTyposSeeEverySubcommand() {
        List<String> all = List.of("serve", "check", "dataset", "generate", "web", "feedback", "help");
        assertEquals(all, List.copyOf(Main.commandLine("--help").getSubcommands().keySet()));
        assertEquals(all, List.copyOf(Main.commandLine("help").getSubcommands().keySet()));
        assertEquals(all, List.copyOf(Main.commandLine("chek").getSubcommands().keySet()));
    }

    @Test
    void theWarmUpStartsFirstOnlyForTheServer() {
        assertTrue(Main.startsServer(new String[0]));
        assertTrue(Main.startsServer(new String[] {"serve", "--stdio"}));
        assertTrue(Main.startsServer(new String[] {"--stdio"}));
        assertFalse(Main.startsServer(new String[] {"serve", "--no-warmup"}));
        assertFalse(Main.startsServer(new String[] {"serve", "--help"}));
        assertFalse(Main.startsServer(new String[] {"--help"}));
        assertFalse(Main.startsServer(new String[] {"check", "x.py"}));
    }
}
