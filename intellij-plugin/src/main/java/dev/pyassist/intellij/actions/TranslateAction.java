package dev.pyassist.intellij.actions;

import com.google.gson.JsonObject;
import com.intellij.openapi.project.Project;
import org.jetbrains.annotations.NotNull;

/** {@code pyassist.translate} to one target language; plugin.xml registers one action per language. */
public abstract class TranslateAction extends PyassistCommandAction {
    private final String language;

    protected TranslateAction(String language) {
        super("pyassist.translate");
        this.language = language;
    }

    @Override
    protected JsonObject complete(@NotNull Project project, @NotNull JsonObject argument) {
        argument.addProperty("language", language);
        return argument;
    }

    public static final class ToJava extends TranslateAction {
        public ToJava() {
            super("java");
        }
    }

    public static final class ToCpp extends TranslateAction {
        public ToCpp() {
            super("cpp");
        }
    }

    public static final class ToJavaScript extends TranslateAction {
        public ToJavaScript() {
            super("javascript");
        }
    }

    public static final class ToGo extends TranslateAction {
        public ToGo() {
            super("go");
        }
    }
}
