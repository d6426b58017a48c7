package dev.pyassist.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyassist.assist.Job;
import dev.pyassist.assist.SendConsent;
import dev.pyassist.llm.BackendRegistry;
import dev.pyassist.llm.LlmBackend;
import dev.pyassist.llm.LlmException;
import dev.pyassist.llm.LlmRequest;
import dev.pyassist.config.LlmSettings;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.logging.Logger;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.ShowMessageRequestParams;

/**
 * Workspace trust as the client reports it, and the one question asked before code leaves the machine from an
 * untrusted workspace. A client that knows about trust passes {@code "workspaceTrusted": false} in
 * {@code initializationOptions} (beside the settings, never one of them: no settings layer can set it) and sends
 * {@code pyassist/workspaceTrust} when the user grants trust later. A client that passes nothing (editors without
 * a trust model: IntelliJ's plugin, Neovim, Helix) is trusted, as in VS Code with trust switched off.
 *
 * <p>In an untrusted workspace the first model call routed to a remote backend asks the user
 * ({@code window/showMessageRequest}) whether to send; a yes holds for the rest of the session, a no (or no
 * answer) sends nothing and the next action asks again. Calls to the in-process local engine send nothing
 * anywhere and are not asked about.
 */
final class WorkspaceTrust implements SendConsent {
    private static final Logger LOG = Logger.getLogger(WorkspaceTrust.class.getName());
    static final String OPTION = "workspaceTrusted";
    static final String SEND = "Send";
    static final String DONT = "Don't send";

    private final Session session;
    private volatile boolean trusted = true;
    private volatile boolean agreed;
    /** The question in flight, shared by actions that start while it is open. Guarded by this. */
    private CompletableFuture<Boolean> asking;

    WorkspaceTrust(Session session) {
        this.session = session;
    }

    void initialize(InitializeParams params) {
        JsonNode options = Json.toJackson(params.getInitializationOptions());
        JsonNode flag = options == null ? null : options.get(OPTION);
        trusted = flag == null || !flag.isBoolean() || flag.booleanValue();
        LOG.info(flag == null ? "the client reports no workspace trust: treated as trusted"
                : "workspace trusted: " + trusted);
    }

    /** {@code pyassist/workspaceTrust}: the user granted (or withdrew) trust. */
    void changed(boolean nowTrusted) {
        trusted = nowTrusted;
        LOG.info("workspace trusted: " + nowTrusted);
    }

    boolean trusted() {
        return trusted;
    }

    @Override
    public void confirm(BackendRegistry llm, LlmRequest request, Job job) {
        if (trusted || agreed) {
            return;
        }
        LlmBackend backend;
        try {
            backend = llm.backendFor(request.task());
        } catch (LlmException e) {
            return; // routed nowhere: the call fails by itself and sends nothing
        }
        if (LlmSettings.LOCAL.equals(backend.id())) {
            return;
        }
        CompletableFuture<Boolean> answer = ask(backend, request);
        Boolean yes;
        try {
            CompletableFuture.anyOf(answer, job.cancellation()).get();
            if (job.isCancelled()) {
                job.checkCancelled();
            }
            yes = answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException(LlmException.Kind.CANCELLED, "pyassist", "cancelled");
        } catch (ExecutionException e) {
            yes = false;
        }
        if (!Boolean.TRUE.equals(yes)) {
            throw new Refused("Not sent: this workspace is not trusted, and sending its code to the "
                    + backend.describe() + " was not allowed. Trust the workspace, or allow it when asked.");
        }
    }

    private synchronized CompletableFuture<Boolean> ask(LlmBackend backend, LlmRequest request) {
        if (asking != null) {
            return asking;
        }
        var client = session.client();
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        if (client == null) {
            answer.complete(false);
            return answer;
        }
        asking = answer;
        var params = new ShowMessageRequestParams(List.of(new MessageActionItem(SEND), new MessageActionItem(DONT)));
        params.setType(MessageType.Warning);
        params.setMessage("pyassist: this workspace is not trusted. Send code from it to the " + backend.describe()
                + " (for " + request.task().key() + ")? The answer holds until the server restarts.");
        client.showMessageRequest(params).whenComplete((item, e) -> answered(answer,
                e == null && item != null && SEND.equals(item.getTitle())));
        return answer;
    }

    /** Records the answer before anyone waiting on it wakes, so a yes is never asked for twice. */
    private void answered(CompletableFuture<Boolean> answer, boolean yes) {
        synchronized (this) {
            agreed |= yes;
            asking = null;
        }
        answer.complete(yes);
    }
}
