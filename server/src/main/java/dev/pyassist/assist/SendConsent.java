package dev.pyassist.assist;

import dev.pyassist.llm.BackendRegistry;
import dev.pyassist.llm.LlmRequest;

/**
 * Asked before each model call of a {@link Job}: the place where a call that would send code away from this machine
 * can be held until the user agrees (an untrusted workspace, see the LSP layer's {@code WorkspaceTrust}).
 */
@FunctionalInterface
public interface SendConsent {
    /**
     * Returns when the call may go ahead; blocks the worker thread while the user is asked.
     *
     * @throws Refused when the user did not agree (nothing is sent)
     */
    void confirm(BackendRegistry llm, LlmRequest request, Job job);

    /** Every call may go (trusted workspaces, the command line, tests). */
    SendConsent ALWAYS = (llm, request, job) -> { };

    /** The user did not agree to send the code; the message says so, for the action's result. */
    final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }
}
