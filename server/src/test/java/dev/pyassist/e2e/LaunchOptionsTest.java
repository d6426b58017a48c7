package dev.pyassist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every place that launches the server uses the same JVM options: the VS Code client (the source of the list), the
 * IntelliJ plugin and template, the README's commands and the benchmarks that report the README's figures.
 */
class LaunchOptionsTest {
    private static final Path ROOT = IntellijTemplate.repoRoot();

    /** The list in {@code vscode-client/src/launch.ts}. */
    private static List<String> recommended() throws IOException {
        String ts = Files.readString(ROOT.resolve("vscode-client/src/launch.ts"));
        Matcher m = Pattern.compile("RECOMMENDED_JAVA_ARGS[^=]*=\\s*\\[([^\\]]*)\\]").matcher(ts);
        assertTrue(m.find(), "RECOMMENDED_JAVA_ARGS not found in launch.ts");
        List<String> options = new ArrayList<>();
        Matcher item = Pattern.compile("'([^']*)'").matcher(m.group(1));
        while (item.find()) {
            options.add(item.group(1));
        }
        assertTrue(options.contains("-XX:TieredStopAtLevel=1"), options.toString());
        return options;
    }

    private static void assertContainsInOrder(String where, String text, List<String> options) {
        String joined = String.join(" ", options);
        assertTrue(text.contains(joined), where + " does not launch with `" + joined + "`");
    }

    @Test
    void intellijPluginAndTemplateUseTheSameOptions() throws IOException {
        List<String> options = recommended();
        String properties = Files.readString(
                ROOT.resolve("intellij-plugin/src/main/resources/dev/pyassist/intellij/launch.properties"));
        assertContainsInOrder("launch.properties", properties, options);
        String template = IntellijTemplate.load().programArgs();
        assertContainsInOrder("template.json", template, options);
    }

    @Test
    void readmeAndBenchmarksUseTheSameOptions() throws IOException {
        List<String> options = recommended();
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertContainsInOrder("README.md", readme, options);
        String lua = String.join(", ", options.stream().map(o -> "'" + o + "'").toList());
        String luaCrashLog = "'-XX:ErrorFile=' .. (vim.uv or vim.loop).os_tmpdir() .. '/pyassist-hs_err_pid%p.log',\n"
                + "        '-XX:SharedArchiveFile=' .. vim.fn.stdpath('cache') .. '/pyassist.jsa', '-Xlog:disable',"
                + " '-Xlog:all=warning:stderr',\n        '-jar'";
        assertEquals(2, readme.split(java.util.regex.Pattern.quote(
                "cmd = { 'java', " + lua.replace(", '-Xmx512m'", ", '-Xmx512m',\n        ") + luaCrashLog), -1).length - 1,
                "README's two Neovim cmds, with a crash log out of the workspace and the start-up archive");
        assertEquals(readme.split("java " + String.join(" ", options) + " -jar", -1).length - 1, 0,
                "a README command line without -XX:ErrorFile");
        String python = String.join(", ", options.stream().map(o -> "\"" + o + "\"").toList());
        String lspBench = Files.readString(ROOT.resolve("bench/lsp_bench.py"));
        assertTrue(lspBench.contains("JVM_OPTIONS = [" + python + "]"));
        assertTrue(lspBench.contains("\"java\", *JVM_OPTIONS, CRASH_LOG, \"-jar\""), "lsp_bench's crash log");
        assertTrue(Files.readString(ROOT.resolve("bench/validator_bench.py")).contains("*java_opts, crash_log, \"-jar\""));
        assertTrue(Files.readString(ROOT.resolve("bench/validator_bench.py")).contains(
                "default=\"" + String.join(" ", options) + "\""));
        assertEquals(5, options.size(), "update this test's expectations with the list");
    }
}
