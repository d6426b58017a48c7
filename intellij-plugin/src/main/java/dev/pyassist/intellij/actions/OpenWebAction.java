package dev.pyassist.intellij.actions;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.intellij.ide.BrowserUtil;
import com.intellij.notification.NotificationGroupManager;
import com.intellij.notification.NotificationType;
import com.intellij.openapi.actionSystem.ActionUpdateThread;
import com.intellij.openapi.actionSystem.AnAction;
import com.intellij.openapi.actionSystem.AnActionEvent;
import com.intellij.openapi.application.ApplicationManager;
import com.intellij.openapi.project.DumbAware;
import com.intellij.openapi.project.Project;
import com.intellij.openapi.ui.DialogWrapper;
import com.intellij.openapi.util.Disposer;
import com.intellij.ui.jcef.JBCefApp;
import com.intellij.ui.jcef.JBCefBrowser;
import com.redhat.devtools.lsp4ij.LanguageServerManager;
import dev.pyassist.intellij.ServerLaunch;
import java.awt.Dimension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.swing.JComponent;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

/**
 * Opens the running server's web UI (chat, validator playground, task pages): {@code pyassist.openWeb} starts it
 * on first use and answers {@code {ok, url, message}}; the page opens in the IDE's own browser (JCEF) where the IDE
 * has it, else in the system browser.
 */
public final class OpenWebAction extends AnAction implements DumbAware {
    static final String COMMAND = "pyassist.openWeb";

    @Override
    public @NotNull ActionUpdateThread getActionUpdateThread() {
        return ActionUpdateThread.BGT;
    }

    @Override
    public void update(@NotNull AnActionEvent e) {
        e.getPresentation().setEnabledAndVisible(e.getProject() != null);
    }

    @Override
    public void actionPerformed(@NotNull AnActionEvent e) {
        Project project = e.getProject();
        if (project == null) {
            return;
        }
        ExecuteCommandParams params = new ExecuteCommandParams(COMMAND, List.of(new JsonObject()));
        LanguageServerManager.getInstance(project).getLanguageServer(ServerLaunch.SERVER_ID)
                .thenCompose(item -> item == null
                        ? CompletableFuture.failedFuture(new IllegalStateException(
                                "the pyassist server is not running (open a Python file first)"))
                        : item.getServer().getWorkspaceService().executeCommand(params))
                .whenComplete((result, error) -> ApplicationManager.getApplication()
                        .invokeLater(() -> open(project, result, error)));
    }

    private static void open(Project project, @Nullable Object result, @Nullable Throwable error) {
        String url = result instanceof JsonObject r && bool(r.get("ok")) ? string(r.get("url")) : "";
        if (error != null || !url.startsWith("http://127.0.0.1:")) {
            String why = error != null ? String.valueOf((error.getCause() != null ? error.getCause() : error).getMessage())
                    : result instanceof JsonObject r ? string(r.get("message")) : "the server gave no web UI";
            NotificationGroupManager.getInstance().getNotificationGroup("pyassist")
                    .createNotification("pyassist: web UI", why, NotificationType.WARNING).notify(project);
            return;
        }
        if (JBCefApp.isSupported()) {
            new BrowserDialog(project, url).show();
        } else {
            BrowserUtil.browse(url);
        }
    }

    private static boolean bool(@Nullable JsonElement e) {
        return e instanceof JsonPrimitive p && p.isBoolean() && p.getAsBoolean();
    }

    private static String string(@Nullable JsonElement e) {
        return e instanceof JsonPrimitive p && p.isString() ? p.getAsString() : "";
    }

    /** The web UI in a non-modal window of the IDE. */
    private static final class BrowserDialog extends DialogWrapper {
        private final JBCefBrowser browser;

        BrowserDialog(Project project, String url) {
            super(project, true, IdeModalityType.MODELESS);
            browser = new JBCefBrowser(url);
            Disposer.register(getDisposable(), browser);
            setTitle("pyassist");
            init();
        }

        @Override
        protected @NotNull JComponent createCenterPanel() {
            JComponent c = browser.getComponent();
            c.setPreferredSize(new Dimension(1100, 800));
            return c;
        }
    }
}
