package dev.pyassist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyassist.config.SettingsMerger;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What can be checked of the IntelliJ plugin without the IntelliJ platform (its sources compile only in the
 * {@code intellij-plugin} workflow): plugin.xml is well-formed and names classes and ids that exist; the plugin and the
 * LSP4IJ template launch the server the same way (the plugin's own {@code ServerLaunch} is compiled and run here); the
 * commands the actions send are the server's; the template's options are valid server settings; the Gradle build's
 * properties exist.
 */
class IntellijPluginStaticTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PLUGIN = IntellijTemplate.pluginDir();
    private static final Path JAVA_SOURCES = PLUGIN.resolve("src/main/java");
    private static final Path RESOURCES = PLUGIN.resolve("src/main/resources");

    private static Document pluginXml() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(RESOURCES.resolve("META-INF/plugin.xml").toFile());
    }

    private static List<Element> elements(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    private static String text(Document doc, String tag) {
        List<Element> found = elements(doc, tag);
        return found.isEmpty() ? null : found.get(0).getTextContent().trim();
    }

    /** The source file of a class name as plugin.xml writes it ({@code a.b.Outer$Inner}); asserts it exists. */
    private static String sourceOf(String className) throws Exception {
        String outer = className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
        Path file = JAVA_SOURCES.resolve(outer.replace('.', '/') + ".java");
        assertTrue(Files.isRegularFile(file), "plugin.xml names " + className + " but " + file + " does not exist");
        String source = Files.readString(file);
        String simple = className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
        assertTrue(Pattern.compile("\\bclass\\s+" + Pattern.quote(simple) + "\\b").matcher(source).find(),
                file + " declares no class " + simple);
        String pkg = outer.substring(0, outer.lastIndexOf('.'));
        assertTrue(source.contains("package " + pkg + ";"), file + " is not in package " + pkg);
        return source;
    }

    @Test
    void pluginXmlIsWellFormedAndDependsOnLsp4ij() throws Exception {
        Document doc = pluginXml();
        assertEquals("idea-plugin", doc.getDocumentElement().getTagName());
        assertEquals("dev.pyassist", text(doc, "id"));
        List<String> depends = elements(doc, "depends").stream().map(e -> e.getTextContent().trim()).toList();
        assertTrue(depends.contains("com.redhat.devtools.lsp4ij"), depends.toString());
        // The plugin id the connection provider looks its folder up by.
        assertTrue(Files.readString(JAVA_SOURCES.resolve("dev/pyassist/intellij/PyassistConnectionProvider.java"))
                .contains("PLUGIN_ID = \"dev.pyassist\""));
    }

    @Test
    void everyClassPluginXmlNamesExists() throws Exception {
        Document doc = pluginXml();
        Set<String> classes = new TreeSet<>();
        for (String attribute : List.of("class", "factoryClass", "instance", "serviceImplementation",
                "implementationClass")) {
            NodeList all = doc.getElementsByTagName("*");
            for (int i = 0; i < all.getLength(); i++) {
                String value = ((Element) all.item(i)).getAttribute(attribute);
                if (!value.isEmpty()) {
                    classes.add(value);
                }
            }
        }
        assertTrue(classes.size() >= 9, classes.toString());
        for (String c : classes) {
            sourceOf(c);
        }
        Element server = elements(doc, "server").get(0);
        String factory = sourceOf(server.getAttribute("factoryClass"));
        assertTrue(factory.contains("implements LanguageServerFactory")
                && factory.contains("import com.redhat.devtools.lsp4ij.LanguageServerFactory;"), "factory type");
        assertTrue(sourceOf("dev.pyassist.intellij.PyassistConfigurable").contains("implements Configurable"));
        assertTrue(sourceOf("dev.pyassist.intellij.PyassistSettings").contains("PersistentStateComponent"));
    }

    @Test
    void serverIdAndMappingsAgreeWithTheTemplateAndTheCode() throws Exception {
        Document doc = pluginXml();
        List<Element> servers = elements(doc, "server");
        assertEquals(1, servers.size());
        String serverId = servers.get(0).getAttribute("id");
        assertEquals(launchClass().getField("SERVER_ID").get(null), serverId);
        IntellijTemplate template = IntellijTemplate.load();
        assertEquals(serverId, template.template.path("id").asText());

        List<Element> mappings = elements(doc, "fileNamePatternMapping");
        assertEquals(1, mappings.size());
        Element mapping = mappings.get(0);
        assertEquals(serverId, mapping.getAttribute("serverId"));
        assertEquals("python", mapping.getAttribute("languageId"));
        Set<String> pluginPatterns = Set.of(mapping.getAttribute("patterns").split(";"));
        Set<String> templatePatterns = new HashSet<>();
        for (JsonNode m : template.template.path("fileTypeMappings")) {
            assertEquals("python", m.path("languageId").asText());
            assertFalse(m.path("fileType").has("name"), "a file type name would need a Python plugin");
            m.path("fileType").path("patterns").forEach(p -> templatePatterns.add(p.asText()));
        }
        assertEquals(templatePatterns, pluginPatterns);
        assertTrue(pluginPatterns.contains("*.py"));
        // No languageMapping to the Python language: it would need a Python plugin.
        assertTrue(elements(doc, "languageMapping").isEmpty());
    }

    @Test
    void actionIdsAreUniqueAndLiveInTheEditorMenu() throws Exception {
        Document doc = pluginXml();
        Set<String> ids = new HashSet<>();
        for (String tag : List.of("action", "group")) {
            for (Element e : elements(doc, tag)) {
                assertTrue(ids.add(e.getAttribute("id")), "duplicate id " + e.getAttribute("id"));
            }
        }
        assertTrue(elements(doc, "add-to-group").stream()
                .anyMatch(e -> "EditorPopupMenu".equals(e.getAttribute("group-id"))));
        assertTrue(ids.containsAll(List.of("pyassist.Summarize", "pyassist.Generate", "pyassist.Ask",
                "pyassist.Translate.Java", "pyassist.Translate.Cpp", "pyassist.Translate.JavaScript",
                "pyassist.Translate.Go")), ids.toString());
    }

    @Test
    void actionsSendTheServersCommandsAndLanguages() throws Exception {
        Set<String> sent = new TreeSet<>();
        Set<String> languages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(JAVA_SOURCES.resolve("dev/pyassist/intellij/actions"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(f);
                Matcher m = Pattern.compile("super\\(\"(pyassist\\.[a-z]+)\"\\)").matcher(source);
                while (m.find()) {
                    sent.add(m.group(1));
                }
                Matcher l = Pattern.compile("super\\(\"([a-z]+)\"\\)").matcher(source);
                while (l.find()) {
                    languages.add(l.group(1));
                }
            }
        }
        assertEquals(Set.of("pyassist.summarize", "pyassist.translate", "pyassist.generate", "pyassist.ask"), sent);
        assertEquals(Set.of("java", "cpp", "javascript", "go"), languages);
        Field all = Class.forName("dev.pyassist.lsp.assist.AssistCommands").getDeclaredField("ALL");
        all.setAccessible(true);
        assertTrue(((List<?>) all.get(null)).containsAll(sent), "the server offers " + all.get(null));
    }

    @Test
    void pluginAndTemplateLaunchTheServerTheSameWay() throws Exception {
        Class<?> launch = launchClass();
        Object loaded = launch.getMethod("load").invoke(null);
        Method command = launch.getMethod("command", Path.class, Path.class);
        @SuppressWarnings("unchecked")
        List<String> plugin = (List<String>) command.invoke(loaded, Path.of("JAVA"), Path.of("JAR"));

        String programArgs = IntellijTemplate.load().programArgs();
        List<String> template = new ArrayList<>(IntellijTemplate.split(programArgs));
        assertEquals("java", template.get(0), "the template runs java from PATH");
        int jar = template.indexOf("$USER_HOME$/.pyassist/pyassist.jar");
        assertTrue(jar > 0, "the template runs ~/.pyassist/pyassist.jar (the README's install step): " + template);
        template.set(0, "JAVA");
        template.set(jar, "JAR");
        // Both send a JVM crash log out of the working directory (the project): the IDE's temp folder, ~/.pyassist.
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "pyassist-hs_err_pid%p.log").toString(),
                errorFile(plugin), "the plugin's -XX:ErrorFile");
        assertEquals("$USER_HOME$/.pyassist/pyassist-hs_err_pid%p.log", errorFile(template), "the template's");
        // Both name the start-up archive in ~/.pyassist (the server makes it there when it is missing).
        assertEquals(Path.of(System.getProperty("user.home"), ".pyassist", "pyassist.jsa").toString(),
                option(plugin, "-XX:SharedArchiveFile="), "the plugin's -XX:SharedArchiveFile");
        assertEquals("$USER_HOME$/.pyassist/pyassist.jsa", option(template, "-XX:SharedArchiveFile="), "the template's");
        plugin = plugin.stream().map(a -> a.startsWith("-XX:ErrorFile=") ? "ERRORFILE"
                : a.startsWith("-XX:SharedArchiveFile=") ? "ARCHIVE" : a).toList();
        template.replaceAll(a -> a.startsWith("-XX:ErrorFile=") ? "ERRORFILE"
                : a.startsWith("-XX:SharedArchiveFile=") ? "ARCHIVE" : a);
        assertEquals(template, plugin, "plugin (launch.properties) and template (template.json) differ");
        // Only the OS-independent default: the same command everywhere.
        assertEquals(1, IntellijTemplate.load().template.path("programArgs").size());
    }

    private static String option(List<String> command, String prefix) {
        return command.stream().filter(a -> a.startsWith(prefix)).findFirst()
                .map(a -> a.substring(prefix.length())).orElse("(none)");
    }

    private static String errorFile(List<String> command) {
        return command.stream().filter(a -> a.startsWith("-XX:ErrorFile=")).findFirst()
                .map(a -> a.substring("-XX:ErrorFile=".length())).orElse("(none)");
    }

    @Test
    void apiKeysReachTheVariablesTheServerReads() throws Exception {
        Class<?> launch = launchClass();
        Method env = launch.getMethod("secretEnvironment", String.class, String.class);
        assertEquals(Map.of("OPENAI_API_KEY", "sk-test"), env.invoke(null, "sk-test", " "));
        assertEquals(Map.of("ANTHROPIC_API_KEY", "sk-ant"), env.invoke(null, null, "sk-ant\n"));
        assertEquals(Map.of(), env.invoke(null, "", null));
        Path endpoint = IntellijTemplate.repoRoot()
                .resolve("server/src/main/java/dev/pyassist/llm/remote/EndpointConfig.java");
        String server = Files.readString(endpoint);
        assertTrue(server.contains("\"OPENAI_API_KEY\"") && server.contains("\"ANTHROPIC_API_KEY\""));
        String provider = Files.readString(JAVA_SOURCES.resolve("dev/pyassist/intellij/PyassistConnectionProvider.java"));
        assertTrue(provider.contains("PyassistSecrets.get(ServerLaunch.OPENAI_API_KEY)")
                && provider.contains("PyassistSecrets.get(ServerLaunch.ANTHROPIC_API_KEY)"));
        assertTrue(Files.readString(JAVA_SOURCES.resolve("dev/pyassist/intellij/PyassistSecrets.java"))
                .contains("PasswordSafe.getInstance()"));
    }

    @Test
    void templateOptionsAreValidServerSettings() throws Exception {
        IntellijTemplate template = IntellijTemplate.load();
        assertTrue(template.initializationOptions.isObject() && template.initializationOptions.size() > 0);
        SettingsMerger.merge(template.initializationOptions, template.settings);
        assertTrue(template.configuration("pyassist").isObject(), "settings.json answers section pyassist");
        // The plugin bundles the template's initializationOptions.json as its defaults.
        String gradle = Files.readString(PLUGIN.resolve("build.gradle.kts"));
        assertTrue(gradle.contains("templateDir.file(\"initializationOptions.json\")")
                && gradle.contains("dir(\"template/pyassist\")") && gradle.contains("into(\"dev/pyassist/intellij\")"));
        assertTrue(Files.readString(JAVA_SOURCES.resolve("dev/pyassist/intellij/PyassistSettings.java"))
                .contains("DEFAULTS_RESOURCE = \"initializationOptions.json\""));
    }

    @Test
    void gradleBuildReadsItsVersionsFromGradleProperties() throws Exception {
        String gradle = Files.readString(PLUGIN.resolve("build.gradle.kts"));
        Map<String, String> properties = new LinkedHashMap<>();
        for (String line : Files.readAllLines(PLUGIN.resolve("gradle.properties"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                properties.put(line.substring(0, line.indexOf('=')).trim(), line.substring(line.indexOf('=') + 1));
            }
        }
        Matcher m = Pattern.compile("gradleProperty\\(\"([A-Za-z]+)\"\\)").matcher(gradle);
        int used = 0;
        while (m.find()) {
            used++;
            assertTrue(properties.containsKey(m.group(1)), "gradle.properties lacks " + m.group(1));
        }
        assertTrue(used >= 8, "versions come from gradle.properties");
        assertTrue(gradle.contains("id(\"org.jetbrains.intellij.platform\")"));
        assertTrue(properties.get("intellijPlatformGradlePluginVersion").startsWith("2."));
        assertTrue(gradle.contains("exclude(group = \"org.eclipse.lsp4j\")"), "LSP4J is excluded");
        assertTrue(gradle.contains("plugin(\"com.redhat.devtools.lsp4ij\""));
        String workflow = Files.readString(IntellijTemplate.repoRoot().resolve(".github/workflows/intellij-plugin.yml"));
        assertTrue(workflow.contains("verifyPlugin") && workflow.contains("buildPlugin"));
    }

    private static Class<?> cachedLaunch;

    /** Compiles the plugin's own {@code ServerLaunch.java} (plain JDK) and loads it with the plugin's resources. */
    private static synchronized Class<?> launchClass() throws Exception {
        if (cachedLaunch != null) {
            return cachedLaunch;
        }
        Path out = Files.createTempDirectory("pyassist-intellij-classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests need a JDK");
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, errors, errors, "-d", out.toString(),
                JAVA_SOURCES.resolve("dev/pyassist/intellij/ServerLaunch.java").toString());
        assertEquals(0, rc, errors.toString(StandardCharsets.UTF_8));
        URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL(), RESOURCES.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        cachedLaunch = Class.forName("dev.pyassist.intellij.ServerLaunch", true, loader);
        return cachedLaunch;
    }
}
