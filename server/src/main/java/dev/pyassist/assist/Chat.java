package dev.pyassist.assist;

import dev.pyassist.config.Settings;
import dev.pyassist.llm.BackendRegistry;
import dev.pyassist.llm.LlmException;
import dev.pyassist.llm.LlmRequest;
import dev.pyassist.llm.LlmResult;
import dev.pyassist.config.LlmTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chat: a conversation's next answer. The message is routed like {@code ask} (the model's label, else rules);
 * summarize, translate and generate run the actions on the attached or pasted code, everything else is answered
 * with the earlier turns (newest first, trimmed to {@link #HISTORY_TOKENS}) and the attachments and related
 * workspace code as context. Attachments that fit {@link #ATTACHMENT_CHARS} go in whole; more than that, and the
 * prompt gets their functions and classes most related to the message, ranked by the same BM25 retrieval as the
 * workspace index (the {@code attachmentIndex} the process gives), so a large upload does not crowd out the part
 * asked about. Blocks; run it on a worker thread.
 */
public final class Chat {
    /** Tokens of earlier turns a follow-up carries at most (about four characters a token). */
    static final int HISTORY_TOKENS = 3000;
    /** Characters of attached files one prompt carries at most. */
    static final int ATTACHMENT_CHARS = 24_000;
    private static final Pattern PYTHON_BLOCK = Pattern.compile("```(?:python|py)?[ \\t]*\\R(.*?)```",
            Pattern.DOTALL);

    /** One earlier exchange of the conversation. */
    public record Turn(String question, String answer) {}

    /** A file the user attached (an upload or an {@code @path} of the workspace). */
    public record Attachment(String name, String text) {}

    /** The answer, with how the message was routed ("ask → translate:java, by model"). */
    public record Reply(AssistResult result, String route) {}

    private final AssistService actions;
    private final Supplier<BackendRegistry> llm;
    private final ContextSource workspace;
    private final Supplier<Settings.AssistSettings> settings;

    /** A search over some attached files' functions and classes (null: attachments are cut to fit in order). */
    private final Function<List<Attachment>, ContextSource> attachmentIndex;

    public Chat(AssistService actions, Supplier<BackendRegistry> llm, ContextSource workspace,
            Supplier<Settings.AssistSettings> settings) {
        this(actions, llm, workspace, settings, null);
    }

    public Chat(AssistService actions, Supplier<BackendRegistry> llm, ContextSource workspace,
            Supplier<Settings.AssistSettings> settings, Function<List<Attachment>, ContextSource> attachmentIndex) {
        this.actions = actions;
        this.llm = llm;
        this.workspace = workspace == null ? ContextSource.NONE : workspace;
        this.settings = settings;
        this.attachmentIndex = attachmentIndex;
    }

    /** @param beginner ask for tutorial-style answers */
    public Reply answer(List<Turn> earlier, String message, List<Attachment> attachments, boolean beginner, Job job) {
        Optional<Attachment> code = codeOf(message, attachments);
        Intent intent;
        String how;
        try {
            LlmResult r = job.call(llm.get(), Prompts.classify(message, code.isPresent()), "Understanding the request");
            Optional<Intent> parsed = Intent.fromLabel(r.text());
            intent = parsed.orElseGet(() -> Intent.byRules(message));
            how = parsed.isPresent() ? "model" : "rules (the model's answer named no task)";
        } catch (LlmException e) {
            if (e.kind() == LlmException.Kind.CANCELLED) {
                throw e;
            }
            intent = Intent.byRules(message);
            how = "rules (the model could not be asked: " + e.kind().name().toLowerCase(Locale.ROOT) + ")";
        }
        job.report("Routed to " + intent.label());
        String route = "ask → " + intent.label() + ", by " + how;
        AssistResult result;
        if (intent.action() == Intent.Action.GENERATE) {
            Attachment into = code.orElse(new Attachment("new.py", ""));
            result = actions.generate(target(into), message, job);
        } else if (intent.action() == Intent.Action.EXPLAIN || code.isEmpty()) {
            if (intent.action() != Intent.Action.EXPLAIN) {
                route += "; answered as explain: no code was attached or pasted";
            }
            result = explain(earlier, message, attachments, beginner, job);
        } else if (intent.action() == Intent.Action.SUMMARIZE) {
            result = actions.summarize(target(code.get()), job);
        } else {
            result = actions.translate(target(code.get()), intent.language(), job);
        }
        return new Reply(withCalls(result, job), route);
    }

    private AssistResult explain(List<Turn> earlier, String message, List<Attachment> attachments, boolean beginner,
            Job job) {
        LlmRequest.Builder b = LlmRequest.builder(LlmTask.ASK).system(beginner
                ? "You are a patient Python teacher. Answer as a short tutorial for a beginner: plain words, one step "
                        + "at a time, a small runnable example, and what to try next. Answer in Markdown."
                : "You are an expert Python assistant. Answer precisely and briefly, with code where it helps. "
                        + "Answer in Markdown.");
        for (Turn t : history(earlier, HISTORY_TOKENS)) {
            b.user(t.question()).assistant(t.answer());
        }
        List<String> files = new ArrayList<>();
        StringBuilder user = new StringBuilder(message.strip());
        user.append(attached(message, attachments, attachmentIndex, ATTACHMENT_CHARS, files));
        List<ContextSource.ContextUnit> ctx = workspaceContext(message);
        user.append(Prompts.context(ctx));
        ctx.stream().map(ContextSource.ContextUnit::file).distinct().filter(f -> !files.contains(f)).forEach(files::add);
        LlmResult r = job.call(llm.get(), b.user(user.toString()).build(), "Answering");
        String text = r.text().strip();
        return new AssistResult("explain", true, text, text, null, null, files, job.calls());
    }

    /**
     * The attachments as the prompt carries them, at most {@code budget} characters; {@code files} gets the names of
     * those it used. All of them whole when they fit; else, with an index, the units most related to the message
     * (best first, grouped by file); else (or when nothing matches) each in turn, the last one cut to fit.
     */
    static String attached(String message, List<Attachment> attachments,
            Function<List<Attachment>, ContextSource> index, int budget, List<String> files) {
        StringBuilder out = new StringBuilder();
        int total = attachments.stream().mapToInt(a -> a.text().length()).sum();
        if (total > budget && index != null) {
            List<ContextSource.ContextUnit> units = index.apply(attachments).find(message, null, 64, budget);
            if (!units.isEmpty()) {
                java.util.Map<String, List<ContextSource.ContextUnit>> byFile = new java.util.LinkedHashMap<>();
                units.forEach(u -> byFile.computeIfAbsent(u.file(), f -> new ArrayList<>()).add(u));
                byFile.forEach((file, us) -> {
                    files.add(file);
                    out.append("\n\nFrom the attached file ").append(file)
                            .append(" (the parts most related to the question):");
                    us.forEach(u -> out.append("\n```\n").append(u.code()).append("\n```"));
                });
                return out.toString();
            }
        }
        int left = budget;
        for (Attachment a : attachments) {
            if (left <= 0) {
                break;
            }
            String text = a.text().length() > left ? a.text().substring(0, left) : a.text();
            left -= text.length();
            files.add(a.name());
            out.append("\n\nAttached file ").append(a.name())
                    .append(text.length() < a.text().length() ? " (cut to fit)" : "").append(":\n```\n")
                    .append(text).append("\n```");
        }
        return out.toString();
    }

    /** The latest turns that fit {@code tokens}, in their order; the newest is kept first. */
    static List<Turn> history(List<Turn> earlier, int tokens) {
        List<Turn> kept = new ArrayList<>();
        int used = 0;
        for (int i = earlier.size() - 1; i >= 0; i--) {
            Turn t = earlier.get(i);
            int cost = (t.question().length() + t.answer().length()) / 4 + 8;
            if (used + cost > tokens) {
                break;
            }
            used += cost;
            kept.add(0, t);
        }
        return kept;
    }

    private List<ContextSource.ContextUnit> workspaceContext(String query) {
        Settings.ContextSettings c = settings.get().context();
        if (c == null || !c.enabled()) {
            return List.of();
        }
        try {
            return workspace.find(query, null, c.maxUnits(), c.maxChars());
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** The code an action works on: a Python block in the message, else the first attached file. */
    static Optional<Attachment> codeOf(String message, List<Attachment> attachments) {
        Matcher m = PYTHON_BLOCK.matcher(message);
        if (m.find() && !m.group(1).isBlank()) {
            return Optional.of(new Attachment("pasted.py", m.group(1)));
        }
        return attachments.stream().filter(a -> !a.text().isBlank()).findFirst();
    }

    private static Target target(Attachment a) {
        return new Target("upload:" + a.name(), null, a.text(), -1, 0, 0);
    }

    private static AssistResult withCalls(AssistResult r, Job job) {
        return new AssistResult(r.task(), r.ok(), r.message(), r.text(), r.edit(), r.newFile(), r.contextFiles(),
                job.calls());
    }
}
