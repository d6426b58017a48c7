package dev.pyassist.intellij.actions;

import com.google.gson.JsonObject;
import com.intellij.openapi.project.Project;
import com.intellij.openapi.ui.Messages;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/** {@code pyassist.ask}: a free-form request about the code at the caret or the selection. */
public final class AskAction extends PyassistCommandAction {
    public AskAction() {
        super("pyassist.ask");
    }

    @Override
    protected @Nullable JsonObject complete(@NotNull Project project, @NotNull JsonObject argument) {
        String question = Messages.showInputDialog(project, "Ask about this code:", "pyassist: Ask", null);
        if (question == null || question.isBlank()) {
            return null;
        }
        argument.addProperty("question", question.trim());
        return argument;
    }
}
