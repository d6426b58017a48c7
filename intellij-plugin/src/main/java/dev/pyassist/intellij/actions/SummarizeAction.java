package dev.pyassist.intellij.actions;

/** {@code pyassist.summarize} for the function or class at the caret, or the selection. */
public final class SummarizeAction extends PyassistCommandAction {
    public SummarizeAction() {
        super("pyassist.summarize");
    }
}
