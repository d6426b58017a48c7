package dev.pyassist.lsp;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.WorkDoneProgressBegin;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.WorkDoneProgressNotification;
import org.eclipse.lsp4j.WorkDoneProgressReport;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * {@code $/progress} for one job (an AI action, indexing, a model load), under the client's token or one created
 * with {@code window/workDoneProgress/create}; silent when neither exists (the client does not support it, or
 * refused the token).
 */
public final class Progress {
    private static final Logger LOG = Logger.getLogger(Progress.class.getName());

    private final Session session;
    private final String title;
    private Either<String, Integer> token;
    private final String key;

    /** @param clientToken the request's {@code workDoneToken}, or null to create one at {@link #begin} */
    public Progress(Session session, Either<String, Integer> clientToken, String title) {
        this.session = session;
        this.title = title;
        this.token = clientToken;
        this.key = clientToken == null ? "pyassist-" + UUID.randomUUID()
                : clientToken.isLeft() ? clientToken.getLeft() : String.valueOf(clientToken.getRight());
    }

    /** The token as a string: what {@code window/workDoneProgress/cancel} names. */
    public String key() {
        return key;
    }

    public void begin() {
        begin(true);
    }

    public void begin(boolean cancellable) {
        begin(cancellable, null);
    }

    /** @return whether the client sees this progress (it has a token) */
    public boolean begin(boolean cancellable, String message) {
        var w = session.capabilities().getWindow();
        if (token == null && w != null && Boolean.TRUE.equals(w.getWorkDoneProgress()) && session.client() != null) {
            Either<String, Integer> created = Either.forLeft(key);
            try {
                session.client().createProgress(new WorkDoneProgressCreateParams(created)).get(10, TimeUnit.SECONDS);
                token = created;
            } catch (Exception e) {
                LOG.fine("window/workDoneProgress/create failed: " + e);
            }
        }
        if (token != null) {
            WorkDoneProgressBegin b = new WorkDoneProgressBegin();
            b.setTitle(title);
            b.setCancellable(cancellable);
            b.setMessage(message);
            send(b);
        }
        return token != null;
    }

    public void report(String message) {
        if (token != null) {
            WorkDoneProgressReport r = new WorkDoneProgressReport();
            r.setMessage(message);
            send(r);
        }
    }

    public void end(String message) {
        if (token != null) {
            WorkDoneProgressEnd e = new WorkDoneProgressEnd();
            e.setMessage(message);
            send(e);
        }
    }

    private void send(WorkDoneProgressNotification n) {
        session.client().notifyProgress(new ProgressParams(token, Either.forLeft(n)));
    }
}
