package dev.pyassist.assist;

import dev.pyassist.llm.LlmResult;
import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of one action, before it reaches the editor.
 *
 * @param task         {@code summarize}, {@code translate}, {@code generate} or {@code explain}
 * @param ok           whether the action produced what was asked
 * @param message      what to tell the user
 * @param text         the main text produced (summary, explanation, code), or null
 * @param edit         an edit of the source document, or null
 * @param newFile      a file to create, or null
 * @param contextFiles workspace files whose code went into the prompt
 * @param calls        the model calls made, in order (for feedback records)
 */
public record AssistResult(
        String task,
        boolean ok,
        String message,
        String text,
        Edit edit,
        NewFile newFile,
        List<String> contextFiles,
        List<LlmResult> calls) {

    public AssistResult {
        contextFiles = contextFiles == null ? List.of() : List.copyOf(contextFiles);
        calls = calls == null ? List.of() : List.copyOf(calls);
    }

    /** Replace {@code [start, end)} of the document at {@code version} with {@code newText}. */
    public record Edit(String uri, int version, int start, int end, String newText) {}

    /**
     * Create {@code path} (a free name chosen beside the source) holding {@code content}.
     *
     * @param keepQuestion when not null, why the file may be unwanted (it failed its check): the user is asked
     *                     whether to keep it before it is created
     */
    public record NewFile(Path path, String content, String keepQuestion) {

        public NewFile(Path path, String content) {
            this(path, content, null);
        }
    }

    static AssistResult message(String task, boolean ok, String message, List<LlmResult> calls) {
        return new AssistResult(task, ok, message, null, null, null, List.of(), calls);
    }
}
