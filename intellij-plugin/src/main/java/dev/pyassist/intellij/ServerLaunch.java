package dev.pyassist.intellij;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * How the plugin starts the server: {@code <java> <jvmOptions> -jar <pyassist.jar> <serverArgs>}, with the options
 * and arguments read from {@code launch.properties} next to this class. Plain JDK on purpose (no IntelliJ classes), so
 * the project's Maven tests compile and run this very file and compare its command with the LSP4IJ template's.
 */
public final class ServerLaunch {
    /** The LSP4IJ server id, the same in plugin.xml and in the template. */
    public static final String SERVER_ID = "pyassist";
    /** Environment variables the server reads its API keys from (see the server's {@code LlmSettings}). */
    public static final String OPENAI_API_KEY = "OPENAI_API_KEY";
    public static final String ANTHROPIC_API_KEY = "ANTHROPIC_API_KEY";
    static final String RESOURCE = "launch.properties";

    private final List<String> jvmOptions;
    private final List<String> serverArgs;

    private ServerLaunch(List<String> jvmOptions, List<String> serverArgs) {
        this.jvmOptions = jvmOptions;
        this.serverArgs = serverArgs;
    }

    /** The launch settings bundled with the plugin. */
    public static ServerLaunch load() {
        try (InputStream in = ServerLaunch.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the plugin");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads launch settings in {@code launch.properties} format. */
    public static ServerLaunch parse(Reader reader) throws IOException {
        Properties p = new Properties();
        p.load(reader);
        return new ServerLaunch(words(p.getProperty("jvmOptions", "")), words(p.getProperty("serverArgs", "")));
    }

    private static List<String> words(String value) {
        String trimmed = value.trim();
        return trimmed.isEmpty() ? List.of() : List.copyOf(Arrays.asList(trimmed.split("\\s+")));
    }

    /**
     * The full command line: {@code java} binary, JVM options, where a JVM crash log goes (the IDE's temp folder: by
     * default the JVM writes it into its working directory, the project), the start-up archive in {@code ~/.pyassist},
     * {@code -jar}, the jar, the server's arguments.
     */
    public List<String> command(Path java, Path jar) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-XX:ErrorFile=" + Path.of(System.getProperty("java.io.tmpdir"), "pyassist-hs_err_pid%p.log"));
        // The start-up archive (AppCDS): the server makes it there when it is missing or stale; JVM logging off stdout.
        command.add("-XX:SharedArchiveFile=" + Path.of(System.getProperty("user.home"), ".pyassist", "pyassist.jsa"));
        command.add("-Xlog:disable");
        command.add("-Xlog:all=warning:stderr");
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(serverArgs);
        return command;
    }

    /** The {@code java} binary of the runtime this code runs on: in the IDE, the IDE's own (JetBrains) runtime. */
    public static Path currentJava() {
        boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
    }

    /**
     * The environment entries for the server process: only keys that are set. Values are secrets; callers hand them
     * to the process and never log them.
     */
    public static Map<String, String> secretEnvironment(String openAiKey, String anthropicKey) {
        Map<String, String> env = new LinkedHashMap<>();
        if (openAiKey != null && !openAiKey.isBlank()) {
            env.put(OPENAI_API_KEY, openAiKey.trim());
        }
        if (anthropicKey != null && !anthropicKey.isBlank()) {
            env.put(ANTHROPIC_API_KEY, anthropicKey.trim());
        }
        return env;
    }
}
