package dev.pyassist.lsp.assist;

import dev.pyassist.lsp.Session;
import dev.pyassist.lsp.TextDocument;
import dev.pyassist.lsp.CodeActionProvider;

import dev.pyassist.assist.Language;
import dev.pyassist.python.SourceUnit;
import dev.pyassist.python.SourceUnits;
import dev.pyassist.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Range;

/**
 * The AI actions on the function, class or selection under the cursor. Each carries its {@code pyassist.*} command
 * with its {@link AssistArgs} (ARCHITECTURE.md, "AI actions"); listing only parses the buffer, the model is called when the user picks one.
 */
public final class AssistCodeActions implements CodeActionProvider {

    static final String KIND_SUMMARIZE = CodeActionKind.RefactorRewrite + ".pyassist.summarize";
    static final String KIND_GENERATE = CodeActionKind.RefactorRewrite + ".pyassist.generate";
    static final String KIND_TRANSLATE = CodeActionKind.Refactor + ".pyassist.translate";

    private final Supplier<Settings> settings;

    AssistCodeActions(Supplier<Settings> settings) {
        this.settings = settings;
    }

    @Override
    public List<CodeAction> actions(TextDocument document, CodeActionParams params, Session session) {
        if (!settings.get().assist().enabled()) {
            return List.of();
        }
        Range range = params.getRange();
        var lines = document.lines();
        var enc = session.encoding();
        int start = lines.offset(range.getStart().getLine(), range.getStart().getCharacter(), enc);
        int end = lines.offset(range.getEnd().getLine(), range.getEnd().getCharacter(), enc);
        String text = document.text();
        // A selection worth summarising or translating: more than a word or two (selecting a name is not a request).
        String selected = end > start ? text.substring(start, end) : "";
        boolean selection = selected.strip().contains("\n") || selected.replaceAll("\\s", "").length() >= 12;
        List<CodeAction> out = new ArrayList<>();
        if (selection) {
            out.add(action("Summarize the selection (AI)", KIND_SUMMARIZE, AssistCommands.SUMMARIZE, document, range,
                    null));
            out.add(action("Generate code from the selected description (AI)", KIND_GENERATE,
                    AssistCommands.GENERATE, document, range, null));
            for (Language l : Language.values()) {
                out.add(action("Translate the selection to " + l.display() + " (AI)", KIND_TRANSLATE,
                        AssistCommands.TRANSLATE, document, range, l));
            }
            return filter(out, params);
        }
        int ls = lines.lineStart(lines.lineOf(start));
        String line = text.substring(ls, lines.lineContentEnd(lines.lineOf(start))).strip();
        if (line.startsWith("#") && line.length() > 1) {
            out.add(action("Generate code for this comment (AI)", KIND_GENERATE, AssistCommands.GENERATE, document,
                    range, null));
        }
        Optional<SourceUnit> unit = SourceUnits.innermostAt(SourceUnits.of(text, document.parsed().parse()), start);
        if (unit.isPresent()) {
            SourceUnit u = unit.get();
            String name = u.kind().word() + " '" + u.qualifiedName() + "'";
            out.add(action((u.hasDocstring() ? "Rewrite the docstring of " : "Write a docstring for ") + name
                    + " (AI)", KIND_SUMMARIZE, AssistCommands.SUMMARIZE, document, range, null));
            if (u.stubBody() && !line.startsWith("#")) {
                out.add(action("Implement " + name + " (AI)", KIND_GENERATE, AssistCommands.GENERATE, document,
                        range, null));
            }
            for (Language l : Language.values()) {
                out.add(action("Translate " + name + " to " + l.display() + " (AI)", KIND_TRANSLATE,
                        AssistCommands.TRANSLATE, document, range, l));
            }
        }
        return filter(out, params);
    }

    private static List<CodeAction> filter(List<CodeAction> actions, CodeActionParams params) {
        List<String> only = params.getContext() == null ? null : params.getContext().getOnly();
        if (only == null || only.isEmpty()) {
            return actions;
        }
        return actions.stream().filter(a -> only.stream().anyMatch(o -> a.getKind().equals(o)
                || a.getKind().startsWith(o + "."))).toList();
    }

    private static CodeAction action(String title, String kind, String command, TextDocument doc, Range range,
            Language language) {
        var arg = AssistArgs.of(doc.uri(), range, language == null ? null : language.id());
        CodeAction a = new CodeAction(title);
        a.setKind(kind);
        a.setCommand(new Command(title, command, List.of(arg.toLsp4j())));
        return a;
    }
}
