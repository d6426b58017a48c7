package dev.pyassist.complete;

import dev.pyassist.assist.CodeBlocks;
import dev.pyassist.config.Settings.CompleteSettings;
import dev.pyassist.llm.LlmBackend;
import dev.pyassist.llm.LlmException;
import dev.pyassist.llm.LlmRequest;
import dev.pyassist.config.LlmSettings;
import dev.pyassist.config.LlmTask;
import java.util.Optional;

/**
 * The request for one completion: a fill-in-the-middle prompt in the layout of the model's family, sent raw to a
 * completions endpoint or the local engine; or, for a backend or model without one (a chat-only model), a chat
 * prompt that marks the cursor and asks for the missing code alone.
 */
public final class CompletionPrompts {
    /** Marks the cursor in a chat prompt. */
    static final String CURSOR = "<CURSOR>";
    static final String CHAT_SYSTEM = "You are a code completion engine for Python. You are shown a file with the "
            + "marker " + CURSOR + " where the cursor is. Reply with only the code to insert at the marker: no "
            + "explanation, no code fence, and nothing that is already before or after the marker.";

    private CompletionPrompts() {}

    /**
     * The layout for this backend and model: empty means a chat prompt ({@code complete.template} {@code chat}, a
     * backend that takes no raw prompts, or {@code auto} with a model of no known family). The local engine runs a
     * StarCoder-family model: {@code auto} gives it the suffix-first layout its prefix cache works best with.
     */
    public static Optional<FimTemplate> template(CompleteSettings settings, LlmBackend backend, String model) {
        if (!backend.continuesRawPrompts()) {
            return Optional.empty();
        }
        String name = settings.template();
        switch (name) {
            case FimTemplate.CHAT:
                return Optional.empty();
            case FimTemplate.AUTO:
                return backend.id().equals(LlmSettings.LOCAL) ? Optional.of(FimTemplate.STARCODER_SPM)
                        : FimTemplate.forModel(model);
            case FimTemplate.CUSTOM:
                try {
                    return Optional.of(FimTemplate.custom(settings.customTemplate(), settings.customStop()));
                } catch (IllegalArgumentException e) {
                    throw new LlmException(LlmException.Kind.MISCONFIGURED, "pyassist.complete", e.getMessage());
                }
            default:
                return Optional.of(FimTemplate.named(name).orElseThrow(() -> new LlmException(
                        LlmException.Kind.MISCONFIGURED, "pyassist.complete", "complete.template must be auto, "
                        + "starcoder, starcoder-spm, codellama, deepseek, qwen, codestral, custom or chat")));
        }
    }

    /** The raw fill-in-the-middle request. */
    public static LlmRequest fim(FimTemplate template, PromptContext context) {
        return LlmRequest.builder(LlmTask.COMPLETE)
                .rawPrompt(template.render(context.fullPrefix(), context.suffix(), context.path()))
                .stop(template.stop().toArray(String[]::new))
                .stream(true)
                .build();
    }

    /** The chat fallback: the window with the cursor marked. */
    public static LlmRequest chat(PromptContext context) {
        String file = context.path().isEmpty() ? "" : "File: " + context.path() + "\n";
        return LlmRequest.builder(LlmTask.COMPLETE)
                .system(CHAT_SYSTEM)
                .user(file + "```python\n" + context.fullPrefix() + CURSOR + context.suffix() + "\n```")
                .stream(true)
                .build();
    }

    /**
     * The code in a chat answer, without a fence, and without the start of the cursor's line when the model wrote
     * the whole line out again.
     */
    public static String fromChat(String answer, String linePrefix) {
        String code = answer.contains("```") ? CodeBlocks.extract(answer) : answer;
        code = code.replace(CURSOR, "");
        String typed = linePrefix.stripLeading();
        String lead = code.stripLeading();
        if (!typed.isEmpty() && lead.startsWith(typed)) {
            return lead.substring(typed.length());
        }
        return code;
    }
}
