package dev.pyassist.intellij.actions;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.intellij.notification.NotificationGroupManager;
import com.intellij.notification.NotificationType;
import com.intellij.openapi.actionSystem.ActionUpdateThread;
import com.intellij.openapi.actionSystem.AnAction;
import com.intellij.openapi.actionSystem.AnActionEvent;
import com.intellij.openapi.actionSystem.CommonDataKeys;
import com.intellij.openapi.editor.Document;
import com.intellij.openapi.editor.Editor;
import com.intellij.openapi.editor.SelectionModel;
import com.intellij.openapi.project.DumbAware;
import com.intellij.openapi.project.Project;
import com.intellij.openapi.vfs.VirtualFile;
import com.redhat.devtools.lsp4ij.LSPIJUtils;
import com.redhat.devtools.lsp4ij.LanguageServerManager;
import dev.pyassist.intellij.ServerLaunch;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.Position;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/**
 * An editor context-menu action that calls one {@code pyassist.*} command through {@code workspace/executeCommand}
 * with the argument object of DESIGN.md: {@code {uri, range?, position?, ...}}. The server answers with edits
 * ({@code workspace/applyEdit}, applied by LSP4IJ), progress, and a summary object (the server shows its message itself; the text of an unapplied result is shown here).
 */
public abstract class PyassistCommandAction extends AnAction implements DumbAware {
    private final String command;

    protected PyassistCommandAction(String command) {
        this.command = command;
    }

    /** Adds the command's own fields (language, question) to the argument; null cancels the action. */
    protected @Nullable JsonObject complete(@NotNull Project project, @NotNull JsonObject argument) {
        return argument;
    }

    @Override
    public @NotNull ActionUpdateThread getActionUpdateThread() {
        return ActionUpdateThread.BGT;
    }

    @Override
    public void update(@NotNull AnActionEvent e) {
        VirtualFile file = e.getData(CommonDataKeys.VIRTUAL_FILE);
        boolean python = file != null && (file.getName().endsWith(".py") || file.getName().endsWith(".pyi"));
        e.getPresentation().setEnabledAndVisible(e.getProject() != null && e.getData(CommonDataKeys.EDITOR) != null
                && python);
    }

    @Override
    public void actionPerformed(@NotNull AnActionEvent e) {
        Project project = e.getProject();
        Editor editor = e.getData(CommonDataKeys.EDITOR);
        VirtualFile file = e.getData(CommonDataKeys.VIRTUAL_FILE);
        if (project == null || editor == null || file == null) {
            return;
        }
        JsonObject argument = complete(project, location(editor, file));
        if (argument == null) {
            return;
        }
        execute(project, command, argument);
    }

    static JsonObject location(Editor editor, VirtualFile file) {
        Document document = editor.getDocument();
        JsonObject argument = new JsonObject();
        argument.addProperty("uri", LSPIJUtils.toUriAsString(file));
        SelectionModel selection = editor.getSelectionModel();
        if (selection.hasSelection()) {
            JsonObject range = new JsonObject();
            range.add("start", position(LSPIJUtils.toPosition(selection.getSelectionStart(), document)));
            range.add("end", position(LSPIJUtils.toPosition(selection.getSelectionEnd(), document)));
            argument.add("range", range);
        }
        argument.add("position", position(LSPIJUtils.toPosition(editor.getCaretModel().getOffset(), document)));
        return argument;
    }

    private static JsonObject position(Position p) {
        JsonObject json = new JsonObject();
        json.addProperty("line", p.getLine());
        json.addProperty("character", p.getCharacter());
        return json;
    }

    static void execute(Project project, String command, JsonObject argument) {
        ExecuteCommandParams params = new ExecuteCommandParams(command, List.of(argument));
        LanguageServerManager.getInstance(project).getLanguageServer(ServerLaunch.SERVER_ID)
                .thenCompose(item -> item == null
                        ? CompletableFuture.failedFuture(new IllegalStateException(
                                "the pyassist server is not running (open a Python file first)"))
                        : item.getServer().getWorkspaceService().executeCommand(params))
                .whenComplete((result, error) -> report(project, command, result, error));
    }

    private static void report(Project project, String command, @Nullable Object result, @Nullable Throwable error) {
        String title = "pyassist: " + command.substring(command.indexOf('.') + 1);
        if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            notify(project, title, String.valueOf(cause.getMessage()), NotificationType.ERROR);
            return;
        }
        if (!(result instanceof JsonObject summary)) {
            return;
        }
        boolean ok = bool(summary.get("ok"));
        String message = string(summary.get("message"));
        String text = string(summary.get("text"));
        // The server shows every action's outcome itself (window/showMessage, which LSP4IJ displays): only the
        // text of a result that was not applied is left to show here.
        String body = "";
        if (!text.isEmpty() && !bool(summary.get("applied")) && !message.contains(text)) {
            body = body.isEmpty() ? text : body + "\n\n" + text;
        }
        if (!body.isEmpty()) {
            notify(project, title, body, ok ? NotificationType.INFORMATION : NotificationType.WARNING);
        }
    }

    private static boolean bool(@Nullable JsonElement e) {
        return e instanceof JsonPrimitive p && p.isBoolean() && p.getAsBoolean();
    }

    private static String string(@Nullable JsonElement e) {
        return e instanceof JsonPrimitive p && p.isString() ? p.getAsString() : "";
    }

    private static void notify(Project project, String title, String content, NotificationType type) {
        NotificationGroupManager.getInstance().getNotificationGroup("pyassist")
                .createNotification(title, content, type)
                .notify(project);
    }
}
