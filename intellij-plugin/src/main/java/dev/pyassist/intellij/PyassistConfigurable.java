package dev.pyassist.intellij;

import com.intellij.openapi.application.ApplicationManager;
import com.intellij.openapi.options.Configurable;
import com.intellij.openapi.project.Project;
import com.intellij.openapi.project.ProjectManager;
import com.intellij.openapi.ui.ComboBox;
import com.intellij.ui.components.JBCheckBox;
import com.intellij.ui.components.JBPasswordField;
import com.intellij.ui.components.JBTextField;
import com.intellij.util.ui.FormBuilder;
import com.redhat.devtools.lsp4ij.LanguageServerManager;
import java.util.Objects;
import javax.swing.JComponent;
import javax.swing.JPanel;
import org.jetbrains.annotations.Nls;
import org.jetbrains.annotations.Nullable;

/**
 * Settings | Tools | pyassist: backend, models, validator sensitivity, API keys. Keys go to PasswordSafe and reach the
 * server as environment variables, so changing one restarts the server; other changes are pushed with
 * {@code workspace/didChangeConfiguration}.
 */
public final class PyassistConfigurable implements Configurable {
    private static final String KEY_UNCHANGED = "";

    private ComboBox<String> backend;
    private JBTextField openAiBaseUrl;
    private JBTextField openAiModel;
    private JBTextField anthropicModel;
    private ComboBox<String> sensitivity;
    private JBCheckBox namesEnabled;
    private JBCheckBox assistEnabled;
    private JBPasswordField openAiKey;
    private JBPasswordField anthropicKey;

    @Override
    public @Nls String getDisplayName() {
        return "pyassist";
    }

    @Override
    public @Nullable JComponent createComponent() {
        backend = new ComboBox<>(new String[] {"openai", "anthropic"});
        openAiBaseUrl = new JBTextField();
        openAiBaseUrl.getEmptyText().setText("https://api.openai.com/v1, or http://localhost:11434/v1 for Ollama");
        openAiModel = new JBTextField();
        anthropicModel = new JBTextField();
        sensitivity = new ComboBox<>(new String[] {"low", "medium", "high"});
        namesEnabled = new JBCheckBox("Report undefined names, unused imports and variables");
        assistEnabled = new JBCheckBox("Offer the AI actions (summarize, translate, generate, ask)");
        openAiKey = new JBPasswordField();
        openAiKey.getEmptyText().setText("stored in the IDE's password safe; leave empty to keep");
        anthropicKey = new JBPasswordField();
        anthropicKey.getEmptyText().setText("stored in the IDE's password safe; leave empty to keep");
        JPanel panel = FormBuilder.createFormBuilder()
                .addLabeledComponent("Backend:", backend)
                .addLabeledComponent("OpenAI-compatible base URL:", openAiBaseUrl)
                .addLabeledComponent("OpenAI-compatible model:", openAiModel)
                .addLabeledComponent("Anthropic model:", anthropicModel)
                .addLabeledComponent("Validator sensitivity:", sensitivity)
                .addComponent(namesEnabled)
                .addComponent(assistEnabled)
                .addSeparator()
                .addLabeledComponent("OPENAI_API_KEY:", openAiKey)
                .addLabeledComponent("ANTHROPIC_API_KEY:", anthropicKey)
                .addComponentFillVertically(new JPanel(), 0)
                .getPanel();
        reset();
        return panel;
    }

    @Override
    public boolean isModified() {
        PyassistSettings.Values v = PyassistSettings.getInstance().getState();
        return !Objects.equals(backend.getItem(), v.backend)
                || !openAiBaseUrl.getText().equals(v.openAiBaseUrl)
                || !openAiModel.getText().equals(v.openAiModel)
                || !anthropicModel.getText().equals(v.anthropicModel)
                || !Objects.equals(sensitivity.getItem(), v.sensitivity)
                || namesEnabled.isSelected() != v.namesEnabled
                || assistEnabled.isSelected() != v.assistEnabled
                || openAiKey.getPassword().length > 0
                || anthropicKey.getPassword().length > 0;
    }

    @Override
    public void apply() {
        PyassistSettings.Values v = PyassistSettings.getInstance().getState();
        v.backend = backend.getItem();
        v.openAiBaseUrl = openAiBaseUrl.getText().trim();
        v.openAiModel = openAiModel.getText().trim();
        v.anthropicModel = anthropicModel.getText().trim();
        v.sensitivity = sensitivity.getItem();
        v.namesEnabled = namesEnabled.isSelected();
        v.assistEnabled = assistEnabled.isSelected();
        String newOpenAi = new String(openAiKey.getPassword());
        String newAnthropic = new String(anthropicKey.getPassword());
        boolean keysChanged = !newOpenAi.equals(KEY_UNCHANGED) || !newAnthropic.equals(KEY_UNCHANGED);
        openAiKey.setText("");
        anthropicKey.setText("");
        // PasswordSafe may block (OS keychain): write off the EDT, then restart or notify the running servers.
        ApplicationManager.getApplication().executeOnPooledThread(() -> {
            if (!newOpenAi.equals(KEY_UNCHANGED)) {
                PyassistSecrets.set(ServerLaunch.OPENAI_API_KEY, newOpenAi);
            }
            if (!newAnthropic.equals(KEY_UNCHANGED)) {
                PyassistSecrets.set(ServerLaunch.ANTHROPIC_API_KEY, newAnthropic);
            }
            for (Project project : ProjectManager.getInstance().getOpenProjects()) {
                refresh(project, keysChanged);
            }
        });
    }

    private static void refresh(Project project, boolean restart) {
        LanguageServerManager manager = LanguageServerManager.getInstance(project);
        if (restart) {
            // A new process is the only way to change its environment.
            LanguageServerManager.StopOptions stop = new LanguageServerManager.StopOptions();
            stop.setWillDisable(false);
            manager.stop(ServerLaunch.SERVER_ID, stop);
            manager.start(ServerLaunch.SERVER_ID);
        } else {
            PyassistLanguageClient client = PyassistLanguageClient.of(project);
            if (client != null) {
                client.pushSettings();
            }
        }
    }

    @Override
    public void reset() {
        PyassistSettings.Values v = PyassistSettings.getInstance().getState();
        backend.setItem(v.backend);
        openAiBaseUrl.setText(v.openAiBaseUrl);
        openAiModel.setText(v.openAiModel);
        anthropicModel.setText(v.anthropicModel);
        sensitivity.setItem(v.sensitivity);
        namesEnabled.setSelected(v.namesEnabled);
        assistEnabled.setSelected(v.assistEnabled);
        openAiKey.setText("");
        anthropicKey.setText("");
    }
}
