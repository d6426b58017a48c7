package dev.pyassist.intellij;

import com.intellij.execution.configurations.GeneralCommandLine;
import com.intellij.ide.plugins.IdeaPluginDescriptor;
import com.intellij.ide.plugins.PluginManagerCore;
import com.intellij.openapi.extensions.PluginId;
import com.intellij.openapi.vfs.VirtualFile;
import com.redhat.devtools.lsp4ij.server.OSProcessStreamConnectionProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jetbrains.annotations.Nullable;

/**
 * Starts the jar bundled in the plugin ({@code <plugin>/server/pyassist.jar}, outside {@code lib/} so its shaded LSP4J
 * never reaches the plugin's class path) with the IDE's Java runtime, the API keys from PasswordSafe in its environment.
 */
final class PyassistConnectionProvider extends OSProcessStreamConnectionProvider {
    static final String PLUGIN_ID = "dev.pyassist";

    PyassistConnectionProvider() {
        GeneralCommandLine commandLine = new GeneralCommandLine(
                ServerLaunch.load().command(ServerLaunch.currentJava(), bundledJar()));
        commandLine.withParentEnvironmentType(GeneralCommandLine.ParentEnvironmentType.CONSOLE);
        commandLine.withEnvironment(ServerLaunch.secretEnvironment(
                PyassistSecrets.get(ServerLaunch.OPENAI_API_KEY), PyassistSecrets.get(ServerLaunch.ANTHROPIC_API_KEY)));
        commandLine.withCharset(StandardCharsets.UTF_8);
        super.setCommandLine(commandLine);
    }

    static Path bundledJar() {
        IdeaPluginDescriptor plugin = PluginManagerCore.getPlugin(PluginId.getId(PLUGIN_ID));
        if (plugin == null) {
            throw new IllegalStateException("plugin " + PLUGIN_ID + " is not loaded");
        }
        Path jar = plugin.getPluginPath().resolve("server").resolve("pyassist.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the bundled server is missing: " + jar);
        }
        return jar;
    }

    /** The template's default initialization options with the settings page's values over them. */
    @Override
    public @Nullable Object getInitializationOptions(@Nullable VirtualFile rootUri) {
        return PyassistSettings.getInstance().serverSettings();
    }
}
