package dev.pyassist.llm.local;

import dev.pyassist.llm.LlmMessage;
import dev.pyassist.llm.LlmRequest;

/**
 * Turns chat messages into the plain text a code model continues. StarCoder-family models have no chat template, so
 * the messages are laid out in the instruction format most StarCoder instruction adapters are trained on (train your
 * adapters on the same layout):
 *
 * <pre>
 * {system text}
 *
 * ### Instruction:
 * {user text}
 *
 * ### Response:
 * {assistant text, for earlier turns}
 * </pre>
 *
 * The prompt always ends with {@code "### Response:\n"}, and {@code "\n### Instruction:"} is added to the stop
 * sequences so a model that goes on to invent the next turn is cut there.
 */
public final class LocalPrompt {

    /** Stops a model that starts writing the next instruction itself. */
    public static final String TURN_STOP = "\n### Instruction:";

    private LocalPrompt() {
    }

    public static String render(LlmRequest request) {
        StringBuilder sb = new StringBuilder();
        boolean open = false; // whether the last block is an instruction awaiting its response
        for (LlmMessage m : request.messages()) {
            String text = m.content().strip();
            switch (m.role()) {
                case SYSTEM -> sb.append(text).append("\n\n");
                case USER -> {
                    if (open) {
                        sb.append("\n\n");
                    }
                    sb.append("### Instruction:\n").append(text).append("\n\n");
                    open = true;
                }
                case ASSISTANT -> {
                    sb.append("### Response:\n").append(text).append("\n\n");
                    open = false;
                }
                default -> throw new AssertionError(m.role());
            }
        }
        sb.append("### Response:\n");
        return sb.toString();
    }
}
