package dev.pyassist.intellij.actions;

/** {@code pyassist.generate} for the function or class at the caret, or the selection. */
public final class GenerateAction extends PyassistCommandAction {
    public GenerateAction() {
        super("pyassist.generate");
    }
}
