/**
 * The AI actions, independent of the protocol: {@link dev.pyassist.assist.AssistService} summarizes (docstrings in the
 * project's style, or a summary message for a selection or file), translates to Java, C++, JavaScript or Go (after
 * {@link dev.pyassist.assist.TranslationPrecheck}; the result is checked by {@link dev.pyassist.assist.CompileCheck}
 * and goes to a new file), generates (from a {@code # TODO} comment, a stub function or a selected description; the
 * code must pass {@link dev.pyassist.assist.PythonCheck}, with one retry) and answers free-form requests
 * ({@link dev.pyassist.assist.Intent}: the model's constrained label, or rules when no backend answers).
 *
 * <p>Actions take a {@link dev.pyassist.assist.Target} (one document version and a selection, UTF-16 offsets) and a
 * {@link dev.pyassist.assist.Job} (progress, cancellation that aborts the model call) and return an
 * {@link dev.pyassist.assist.AssistResult}; the {@code lsp} package turns it into a versioned
 * {@code workspace/applyEdit}, a created file or a message. Functions and classes come from
 * {@link dev.pyassist.python.SourceUnits} (the syntax tree; indentation when the buffer does not parse). Related
 * workspace code comes through {@link dev.pyassist.assist.ContextSource}; results and their ratings are
 * kept by {@code dev.pyassist.store}.
 *
 * <p>Settings ({@code pyassist.assist}): {@code enabled}, {@code feedbackDirectory}, {@code compileCheck},
 * {@code compileTimeoutMs}, {@code context.{enabled, maxUnits, maxChars, maxFiles}}; backends and models are the
 * {@code pyassist.llm} section (see {@code dev.pyassist.llm}).
 */
package dev.pyassist.assist;
