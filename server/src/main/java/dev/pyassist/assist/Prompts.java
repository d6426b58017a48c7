package dev.pyassist.assist;

import dev.pyassist.python.SourceUnit;
import dev.pyassist.python.SourceUnits;
import dev.pyassist.llm.LlmRequest;
import dev.pyassist.config.LlmTask;
import java.util.List;

/** The prompts of every action, in one place. */
final class Prompts {

    static final String NOT_CODE = "NOT_CODE";

    private Prompts() {
    }

    static String context(List<ContextSource.ContextUnit> units) {
        if (units.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n\nRelated code from the same workspace, for reference only:\n");
        for (ContextSource.ContextUnit u : units) {
            sb.append("\n# ").append(u.file()).append(" — ").append(u.qualifiedName()).append("\n```python\n")
                    .append(u.code()).append("\n```\n");
        }
        return sb.toString();
    }

    static LlmRequest docstring(SourceUnit unit, String code, Docstrings.Style style,
            List<ContextSource.ContextUnit> context) {
        return LlmRequest.builder(LlmTask.SUMMARIZE)
                .system("You write Python docstrings following PEP 257. Style: " + style.description()
                        + ". Answer with the docstring's content only: no quotes, no code fences, no code, no "
                        + "indentation. Describe what the " + unit.kind().word() + " does, its parameters, what "
                        + "it returns and what it raises, briefly and accurately.")
                .user("Write the docstring for the " + unit.kind().word() + " `" + unit.qualifiedName() + "`:\n\n"
                        + "```python\n" + code + "\n```" + context(context))
                .build();
    }

    static LlmRequest summary(String what, String code, List<ContextSource.ContextUnit> context) {
        return LlmRequest.builder(LlmTask.SUMMARIZE)
                .system("You summarise Python code for a developer in a few plain sentences: what it does, its "
                        + "inputs and outputs, notable side effects. No code in the answer.")
                .user("Summarise " + what + ":\n\n```python\n" + code + "\n```" + context(context))
                .build();
    }

    static LlmRequest translate(String code, Language target, List<String> caveats) {
        return translate(code, target, caveats, null, null);
    }

    /**
     * @param classContext   the class a method belongs to, or null: the method is translated inside it
     * @param previousErrors the checker's report on the previous answer, or null on the first try
     */
    static LlmRequest translate(String code, Language target, List<String> caveats, String classContext,
            String previousErrors) {
        StringBuilder user = new StringBuilder();
        if (classContext == null) {
            user.append("Translate this Python code to ").append(target.display()).append(".\n");
        } else {
            user.append("Translate one method of a Python class to ").append(target.display()).append(". Answer "
                    + "with the class in ").append(target.display()).append(" holding the translated method and the "
                    + "fields, constructor and declarations it needs; leave the class's other methods out.\n");
        }
        if (!caveats.isEmpty()) {
            user.append("Known caveats: ").append(String.join("; ", caveats)).append(".\n");
        }
        if (classContext != null) {
            user.append("\nThe class, for context:\n```python\n").append(classContext).append("\n```\n")
                    .append("\nThe method to translate:");
        }
        user.append("\n```python\n").append(code).append("\n```");
        if (previousErrors != null) {
            user.append("\n\nYour previous translation failed its check: ").append(previousErrors)
                    .append("\nAnswer again with the whole corrected translation.");
        }
        return LlmRequest.builder(LlmTask.TRANSLATE)
                .system("You translate Python to idiomatic, complete, compilable " + target.display()
                        + ". Keep names and behaviour. Answer with one " + fence(target)
                        + " code block holding the whole translation and nothing else."
                        + (target == Language.JAVA ? " Put everything in one public class; add a main method "
                        + "only when the Python code has a __main__ block." : "")
                        + (target == Language.GO ? " Use package main when the Python code has a __main__ "
                        + "block, otherwise a package named after the module." : ""))
                .user(user.toString())
                .build();
    }

    static String fence(Language l) {
        return switch (l) {
            case JAVA -> "```java";
            case CPP -> "```cpp";
            case JAVASCRIPT -> "```javascript";
            case GO -> "```go";
        };
    }

    static LlmRequest generate(String description, String surrounding, String indent, String previousError,
            List<ContextSource.ContextUnit> context) {
        StringBuilder user = new StringBuilder("Request:\n").append(description.strip()).append("\n\n")
                .append("Where the code goes:\n```python\n").append(surrounding).append("\n```\n")
                .append("Answer with the Python code only, in one ```python block, without repeating the "
                        + "surrounding code.");
        if (previousError != null) {
            user.append("\n\nYour previous answer did not parse: ").append(previousError)
                    .append(". Answer again with valid Python.");
        }
        user.append(context(context));
        return LlmRequest.builder(LlmTask.GENERATE)
                .system("You implement Python code from a description. Write correct, idiomatic, complete Python 3. "
                        + "If the request does not describe code to write, answer exactly " + NOT_CODE
                        + ": followed by one sentence saying why.")
                .user(user.toString())
                .build();
    }

    static LlmRequest explain(String question, String code, List<ContextSource.ContextUnit> context) {
        return LlmRequest.builder(LlmTask.ASK)
                .system("You are a patient Python teacher. Explain for a beginner: plain words, short steps, a "
                        + "small example where it helps. Answer in Markdown.")
                .user(question.strip() + (code == null || code.isBlank() ? ""
                        : "\n\nThe code in question:\n```python\n" + code + "\n```") + context(context))
                .build();
    }

    static LlmRequest classify(String question, boolean hasCode) {
        return LlmRequest.builder(LlmTask.CLASSIFY)
                .system("Classify a developer's request to a Python coding assistant. Answer with exactly one "
                        + "label and nothing else: summarize, translate:java, translate:cpp, translate:javascript, "
                        + "translate:go, generate, explain.")
                .user((hasCode ? "(The user has Python code open.)\n" : "") + "Request: " + question.strip())
                .stream(false)
                .build();
    }
}
