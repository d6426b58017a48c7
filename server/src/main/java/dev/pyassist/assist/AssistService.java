package dev.pyassist.assist;

import dev.pyassist.python.SourceUnit;
import dev.pyassist.python.SourceUnits;
import dev.pyassist.config.Settings;
import dev.pyassist.llm.BackendRegistry;
import dev.pyassist.llm.FinishReason;
import dev.pyassist.llm.LlmBackend;
import dev.pyassist.llm.LlmException;
import dev.pyassist.llm.LlmRequest;
import dev.pyassist.llm.LlmResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Summarize, translate, generate and ask, independent of the protocol: each method takes a {@link Target} (a document
 * version and a selection) and a {@link Job}, calls the model, checks what came back and returns an
 * {@link AssistResult} holding the edit or file to make and the message to show. Methods block; run them on a worker
 * thread. A model failure arrives as an {@link LlmException} (kind {@code CANCELLED} when the job was cancelled).
 */
public final class AssistService {

    private static final Logger LOG = Logger.getLogger(AssistService.class.getName());

    /** Most code, in characters, one prompt carries (whole files beyond it are cut or refused). */
    static final int MAX_PROMPT_CODE = 24_000;

    private final Supplier<BackendRegistry> llm;
    private final ContextSource context;
    private final CompileCheck compile;
    private final PythonCheck pythonCheck;
    private final Supplier<Settings.AssistSettings> settings;
    private final Predicate<Path> taken;

    /**
     * @param taken whether a path is already used (on disk or by an open buffer); new files never take such a name
     */
    public AssistService(Supplier<BackendRegistry> llm, ContextSource context, CompileCheck compile,
            PythonCheck pythonCheck, Supplier<Settings.AssistSettings> settings, Predicate<Path> taken) {
        this.llm = llm;
        this.context = context == null ? ContextSource.NONE : context;
        this.compile = compile;
        this.pythonCheck = pythonCheck;
        this.settings = settings;
        this.taken = taken == null ? Files::exists : taken;
    }

    // ---- summarize ------------------------------------------------------------------------------------------------

    public AssistResult summarize(Target t, Job job) {
        List<SourceUnit> units = SourceUnits.of(t.text());
        if (t.hasSelection()) {
            return summaryMessage(t, "the selected code", t.selection(), job);
        }
        Optional<SourceUnit> unit = SourceUnits.innermostAt(units, t.cursor());
        if (unit.isEmpty()) {
            return summaryMessage(t, "the file " + t.displayName(), t.text(), job);
        }
        SourceUnit u = unit.get();
        if (!t.editable()) {
            return notOpen("summarize", "the docstring of " + u.qualifiedName(), t, job);
        }
        String code = u.text(t.text());
        List<ContextSource.ContextUnit> ctx = contextFor(code, t, u.qualifiedName());
        // The project's style: this file's docstrings, else those of the related workspace code.
        List<String> docs = new ArrayList<>();
        units.forEach(x -> docs.add(x.docstring()));
        Docstrings.Style style = Docstrings.detect(docs);
        if (style == Docstrings.Style.PLAIN) {
            for (ContextSource.ContextUnit c : ctx) {
                SourceUnits.of(c.code()).forEach(x -> docs.add(x.docstring()));
            }
            style = Docstrings.detect(docs);
        }
        Docstrings.Style chosen = style;
        Fitted fitted = fit(c -> Prompts.docstring(u, code, chosen, c), ctx);
        if (fitted.refusal() != null) {
            return AssistResult.message("summarize", false, fitted.refusal(), job.calls());
        }
        ctx = fitted.context();
        LlmResult r = job.call(llm.get(), fitted.request(), "Writing the docstring of " + u.qualifiedName());
        String content = Docstrings.content(r.text());
        if (content.isBlank()) {
            return AssistResult.message("summarize", false, "The model returned an empty docstring for "
                    + u.qualifiedName() + "; nothing was changed.", job.calls());
        }
        String nl = CodeBlocks.newline(t.text());
        String statement = CodeBlocks.withNewlines(Docstrings.statement(content, u.bodyIndent()), nl);
        AssistResult.Edit edit;
        if (u.hasDocstring()) {
            edit = new AssistResult.Edit(t.uri(), t.version(), u.docStart(), u.docEnd(), statement);
        } else {
            int at = u.bodyStart();
            boolean sameLine = at > 0 && !t.text().substring(SourceUnits.lineStart(t.text(), at), at).isBlank();
            String insert = sameLine ? nl + u.bodyIndent() + statement + nl + u.bodyIndent()
                    : u.bodyIndent() + statement + nl;
            edit = new AssistResult.Edit(t.uri(), t.version(), at, at, insert);
        }
        Optional<String> broken = addedProblem(t.text(), edit, "def _documented():\n    " + statement + "\n    pass\n");
        if (broken.isPresent()) {
            return AssistResult.message("summarize", false, "The docstring for " + u.qualifiedName()
                    + " would not parse (" + broken.get() + "); nothing was changed.", job.calls());
        }
        String msg = (u.hasDocstring() ? "Rewrote" : "Wrote") + " the docstring of " + u.kind().word() + " "
                + u.qualifiedName() + " (" + style.name().toLowerCase(Locale.ROOT) + " style)"
                + truncationNote(r) + contextNote(ctx) + ".";
        return new AssistResult("summarize", true, msg, content, edit, null, files(ctx), job.calls());
    }

    private AssistResult summaryMessage(Target t, String what, String code, Job job) {
        String cut = "";
        if (code.length() > MAX_PROMPT_CODE) {
            code = code.substring(0, MAX_PROMPT_CODE);
            cut = " (only the first " + MAX_PROMPT_CODE + " characters were summarised)";
        }
        String carried = code;
        Fitted fitted = fit(c -> Prompts.summary(what, carried, c), contextFor(code, t));
        if (fitted.refusal() != null) {
            return AssistResult.message("summarize", false, fitted.refusal(), job.calls());
        }
        List<ContextSource.ContextUnit> ctx = fitted.context();
        LlmResult r = job.call(llm.get(), fitted.request(), "Summarising " + what);
        String text = r.text().strip();
        return new AssistResult("summarize", true, "Summary of " + what + cut + ": " + text + truncationNote(r)
                + contextNote(ctx), text, null, null, files(ctx), job.calls());
    }

    // ---- translate ------------------------------------------------------------------------------------------------

    public AssistResult translate(Target t, Language target, Job job) {
        String what;
        String code;
        String baseName;
        String classContext = null;
        List<SourceUnit> units = SourceUnits.of(t.text());
        Optional<SourceUnit> unit = t.hasSelection() ? Optional.empty() : SourceUnits.innermostAt(units, t.cursor());
        String stem = stem(t.displayName());
        if (t.hasSelection()) {
            what = "the selection";
            code = CodeBlocks.dedent(t.selection());
            baseName = stem;
        } else if (unit.isPresent()) {
            SourceUnit u = unit.get();
            code = fromLineStart(t.text(), u);
            Optional<SourceUnit> owner = enclosingClass(units, u);
            if (owner.isPresent()) {
                // A method is translated inside its class: the class goes with it as context, so fields, the
                // constructor and sibling calls keep their meaning.
                SourceUnit c = owner.get();
                what = "method " + u.qualifiedName();
                classContext = fromLineStart(t.text(), c);
                baseName = stem + "_" + c.name() + "_" + u.name();
            } else {
                what = u.kind().word() + " " + u.qualifiedName();
                baseName = stem + "_" + u.name();
            }
        } else {
            what = "the file " + t.displayName();
            code = t.text();
            baseName = stem;
        }
        int carried = code.length() + (classContext == null ? 0 : classContext.length());
        if (classContext != null && carried > MAX_PROMPT_CODE && code.length() <= MAX_PROMPT_CODE) {
            classContext = null; // the method alone still fits: better than no translation
            carried = code.length();
        }
        if (carried > MAX_PROMPT_CODE) {
            return AssistResult.message("translate", false, what + " has " + code.length() + " characters, more "
                    + "than one translation can carry (" + MAX_PROMPT_CODE + "); put the cursor on one function or "
                    + "class, or select a part.", job.calls());
        }
        TranslationPrecheck.Verdict verdict = TranslationPrecheck.check(code, t.text(), target);
        if (!verdict.translatable()) {
            return AssistResult.message("translate", false, verdict.refusal(target), job.calls());
        }
        Settings.AssistSettings s = settings.get();
        String translated = null;
        CompileCheck.Outcome outcome = null;
        LlmResult r = null;
        String previousErrors = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            String cls = classContext;
            String errors = previousErrors;
            String method = code;
            Fitted fitted = fit(c -> Prompts.translate(method, target, verdict.caveats(), cls, errors), List.of());
            if (fitted.refusal() != null) {
                return AssistResult.message("translate", false, fitted.refusal(), job.calls());
            }
            r = job.call(llm.get(), fitted.request(),
                    "Translating " + what + " to " + target.display() + (attempt > 1 ? " (second try)" : ""));
            translated = CodeBlocks.extract(r.text());
            if (translated.isBlank()) {
                return AssistResult.message("translate", false, "The model returned no " + target.display()
                        + " code for " + what + "; nothing was created.", job.calls());
            }
            job.checkCancelled();
            outcome = s.compileCheck() ? compile.check(target, translated)
                    : new CompileCheck.Outcome(target, "", false, false, "compile checks are off "
                    + "(pyassist.assist.compileCheck)");
            if (!outcome.ran() || outcome.ok()) {
                break;
            }
            // Like generate: one more try with the checker's own words in the prompt.
            previousErrors = outcome.checkName() + " reported: " + outcome.detail();
        }
        boolean failed = outcome.ran() && !outcome.ok();
        String fileBase = target == Language.JAVA
                ? CompileCheck.javaTypeName(translated).orElse(pascal(baseName)) : baseName;
        StringBuilder msg = new StringBuilder("Translated " + what + " to " + target.display());
        if (classContext != null) {
            msg.append(" (with its class as context)");
        }
        AssistResult.NewFile file = null;
        if (t.path() != null && t.path().getParent() != null) {
            Path p = freeName(t.path().getParent(), fileBase, target);
            String question = failed ? p.getFileName() + " does not pass its " + outcome.checkName() + " (" + outcome.tool()
                    + "), even after a second try with the errors: " + outcome.detail() : null;
            file = new AssistResult.NewFile(p, translated.endsWith("\n") ? translated : translated + "\n", question);
            msg.append(": ").append(p.getFileName());
        } else {
            msg.append(" (the buffer is not saved in a folder, so no file was created: the translation is in the "
                    + "command's result)");
        }
        msg.append(". ").append(outcome.summary());
        if (failed && previousErrors != null) {
            msg.append(" (second try, with the errors of the first in the prompt)");
        }
        if (!verdict.caveats().isEmpty()) {
            msg.append(" Caveats: ").append(String.join("; ", verdict.caveats())).append('.');
        }
        msg.append(truncationNote(r));
        return new AssistResult("translate", !failed, msg.toString(), translated, null, file, List.of(), job.calls());
    }

    /** A unit's text from the start of its first line, dedented: its body keeps its indentation relative to it. */
    private static String fromLineStart(String text, SourceUnit u) {
        return CodeBlocks.dedent(text.substring(SourceUnits.lineStart(text, u.start()), Math.min(u.end(),
                text.length())));
    }

    /** The class a function is a method of: the innermost unit around it, when that is a class. */
    private static Optional<SourceUnit> enclosingClass(List<SourceUnit> units, SourceUnit u) {
        SourceUnit best = null;
        for (SourceUnit c : units) {
            if (c != u && c.start() < u.start() && c.end() >= u.end()
                    && (best == null || c.start() > best.start())) {
                best = c;
            }
        }
        return best != null && best.kind() == SourceUnit.Kind.CLASS && u.kind() == SourceUnit.Kind.FUNCTION
                ? Optional.of(best) : Optional.empty();
    }

    private Path freeName(Path dir, String base, Language target) {
        String ext = "." + target.extension();
        Path p = dir.resolve(base + ext);
        for (int i = 2; taken.test(p); i++) {
            p = dir.resolve(base + (target == Language.JAVA ? "" : "_") + i + ext);
        }
        return p;
    }

    static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String s = dot > 0 ? fileName.substring(0, dot) : fileName;
        return s.isBlank() ? "translation" : s;
    }

    static String pascal(String s) {
        StringBuilder sb = new StringBuilder();
        boolean up = true;
        for (char c : s.toCharArray()) {
            if (!Character.isLetterOrDigit(c)) {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        if (sb.length() == 0 || !Character.isJavaIdentifierStart(sb.charAt(0))) {
            sb.insert(0, 'T');
        }
        return sb.toString();
    }

    // ---- generate -------------------------------------------------------------------------------------------------

    /**
     * Where generated code goes and what it should do.
     *
     * @param topLevel where a new top-level definition goes instead (after the top-level statement holding the
     *                 cursor), or -1 when the site itself is right for any code (a # TODO, a stub, module level)
     * @param unit     the qualified name of the unit whose body is written (never its own context), or null
     */
    private record GenerationSite(String description, int start, int end, String indent, boolean body,
            String surrounding, int topLevel, String unit) {

        GenerationSite(String description, int start, int end, String indent, boolean body, String surrounding) {
            this(description, start, end, indent, body, surrounding, -1, null);
        }

        GenerationSite withDescription(String d) {
            return new GenerationSite(d, start, end, indent, body, surrounding, topLevel, unit);
        }
    }

    public AssistResult generate(Target t, Job job) {
        return generate(t, null, job);
    }

    /** Generates from the target, or from {@code request} (an "ask") at the cursor. */
    public AssistResult generate(Target t, String request, Job job) {
        Optional<GenerationSite> site = site(t, request);
        if (site.isEmpty()) {
            return AssistResult.message("generate", false, "Nothing to generate from here: put the cursor on a "
                    + "# TODO comment or on a function whose body is only a docstring, pass or ..., or select a "
                    + "description of the code to write.", job.calls());
        }
        GenerationSite g = site.get();
        Optional<String> notCode = GenerateRequests.refusal(g.description());
        if (notCode.isPresent()) {
            return AssistResult.message("generate", false, notCode.get(), job.calls());
        }
        if (!t.editable()) {
            return notOpen("generate", "the generated code", t, job);
        }
        List<ContextSource.ContextUnit> ctx = contextFor(g.description(), t, g.unit());
        String nl = CodeBlocks.newline(t.text());
        String previousError = null;
        boolean originalParses = pythonCheck.problem(t.text()).isEmpty();
        for (int attempt = 1; attempt <= 2; attempt++) {
            String error = previousError;
            Fitted fitted = fit(c -> Prompts.generate(g.description(), g.surrounding(), g.indent(), error, c), ctx);
            if (fitted.refusal() != null) {
                return AssistResult.message("generate", false, fitted.refusal(), job.calls());
            }
            ctx = fitted.context();
            LlmResult r = job.call(llm.get(), fitted.request(),
                    attempt == 1 ? "Generating code" : "Generating code (second try)");
            String answer = r.text().strip();
            if (answer.startsWith(Prompts.NOT_CODE)) {
                String why = answer.substring(Prompts.NOT_CODE.length()).replaceFirst("^[:\\s]+", "");
                return AssistResult.message("generate", false, "The request does not describe code to write"
                        + (why.isBlank() ? "." : ": " + why), job.calls());
            }
            String code = CodeBlocks.dedent(CodeBlocks.extract(answer));
            if (code.isBlank()) {
                previousError = "the answer held no code";
                continue;
            }
            boolean topLevel = g.topLevel() >= 0 && definesTopLevel(code);
            int start = topLevel ? g.topLevel() : g.start();
            int end = topLevel ? g.topLevel() : g.end();
            String indented = topLevel
                    ? CodeBlocks.withNewlines(topLevelBreak(t.text(), start) + code, nl) + nl
                    : CodeBlocks.withNewlines(CodeBlocks.indent(code, g.indent()), nl) + nl;
            String newText = t.text().substring(0, start) + indented + t.text().substring(end);
            Optional<String> problem = originalParses ? pythonCheck.problem(newText)
                    : pythonCheck.problem(g.body() ? "def _generated():\n" + CodeBlocks.indent(code, "    ") : code);
            if (problem.isEmpty()) {
                job.checkCancelled();
                String msg = "Generated " + code.split("\\R").length + " line(s) of Python; it parses"
                        + (topLevel ? "; placed after the top-level statement at the cursor" : "")
                        + (attempt > 1 ? " (second try)" : "") + truncationNote(r) + contextNote(ctx) + ".";
                return new AssistResult("generate", true, msg, code,
                        new AssistResult.Edit(t.uri(), t.version(), start, end, indented), null, files(ctx),
                        job.calls());
            }
            previousError = problem.get();
            LOG.fine(() -> "generated code does not parse (attempt " + job.calls().size() + ")");
        }
        return AssistResult.message("generate", false, "The generated code did not parse, even after a second try ("
                + previousError + "); nothing was changed.", job.calls());
    }

    private static final java.util.regex.Pattern TOP_LEVEL_DEFINITION =
            java.util.regex.Pattern.compile("^(?:@|class\\s|def\\s|async\\s+def\\s)");

    /** Whether generated code is a definition that belongs at module level (its first code line). */
    static boolean definesTopLevel(String code) {
        for (String line : code.split("\\R")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                return !Character.isWhitespace(line.charAt(0)) && TOP_LEVEL_DEFINITION.matcher(l).find();
            }
        }
        return false;
    }

    /** Blank lines before a top-level definition inserted at {@code at}: two after code, none at the start. */
    private static String topLevelBreak(String text, int at) {
        if (at == 0) {
            return "";
        }
        String before = text.substring(0, at);
        String prefix = before.endsWith("\n") || before.endsWith("\r") ? "" : "\n";
        int blank = 0;
        String[] lines = before.split("\\R", -1);
        for (int i = lines.length - 2; i >= 0 && lines[i].isBlank(); i--) {
            blank++;
        }
        return prefix + "\n".repeat(Math.max(0, 2 - blank));
    }

    private Optional<GenerationSite> site(Target t, String request) {
        String text = t.text();
        if (request != null) {
            // The cursor on a # TODO or a stub: the code goes where that says.
            Optional<GenerationSite> marked = t.hasSelection() ? Optional.empty()
                    : site(new Target(t.uri(), t.path(), text, t.version(), t.cursor(), t.cursor()), null);
            if (marked.isPresent()) {
                GenerationSite m = marked.get();
                return Optional.of(m.withDescription(request.strip() + "\n\n" + m.description()));
            }
            int lineEnd = SourceUnits.lineEnd(text, t.hasSelection() ? t.selEnd() : t.cursor());
            int at = lineEnd >= text.length() ? text.length() : SourceUnits.nextLine(text, lineEnd);
            String prefix = at == text.length() && !text.isEmpty() && !text.endsWith("\n") ? "\n" : "";
            String indent = SourceUnits.indentOf(text, t.cursor());
            return Optional.of(new GenerationSite(request, at, at, indent, false,
                    surrounding(text, at) + prefix, afterTopLevelStatement(text, t.cursor()), null));
        }
        if (t.hasSelection()) {
            int lineEnd = SourceUnits.lineEnd(text, Math.max(t.selStart(), t.selEnd() - 1));
            int at = lineEnd >= text.length() ? text.length() : SourceUnits.nextLine(text, lineEnd);
            return Optional.of(new GenerationSite(stripCommentMarks(t.selection()), at, at,
                    SourceUnits.indentOf(text, t.selStart()), false, surrounding(text, at)));
        }
        int ls = SourceUnits.lineStart(text, t.cursor());
        int le = SourceUnits.lineEnd(text, t.cursor());
        String line = text.substring(ls, le).strip();
        if (line.startsWith("#")) {
            int at = le >= text.length() ? text.length() : SourceUnits.nextLine(text, le);
            return Optional.of(new GenerationSite(stripCommentMarks(line), at, at, SourceUnits.indentOf(text, ls),
                    false, surrounding(text, at)));
        }
        Optional<SourceUnit> unit = SourceUnits.innermostAt(SourceUnits.of(text), t.cursor());
        if (unit.isPresent() && unit.get().stubBody()) {
            SourceUnit u = unit.get();
            int from = u.hasDocstring() ? SourceUnits.nextLine(text, SourceUnits.lineEnd(text, u.docEnd()))
                    : u.bodyStart();
            int to = u.end() >= text.length() ? text.length()
                    : Math.min(text.length(), SourceUnits.nextLine(text, SourceUnits.lineEnd(text, u.end())));
            from = Math.min(from, to);
            String header = text.substring(u.start(), u.hasDocstring() ? u.docEnd() : Math.min(u.bodyStart(), u.end()));
            String description = "Implement the body of this " + (u.qualifiedName().contains(".") ? "method" : "function")
                    + ":\n" + header.strip();
            return Optional.of(new GenerationSite(description, from, to, u.bodyIndent(), true,
                    text.substring(SourceUnits.lineStart(text, u.start()), from) + u.bodyIndent() + "<body here>",
                    -1, u.qualifiedName()));
        }
        return Optional.empty();
    }


    /**
     * Where a new top-level definition goes for a cursor at {@code offset}: after the end of the top-level statement
     * holding it (its last line), or -1 when the cursor is between statements or the text does not parse.
     */
    private static int afterTopLevelStatement(String text, int offset) {
        dev.pyassist.python.ParseResult parse = dev.pyassist.python.PythonParser.parse(text);
        if (!parse.ok() || parse.module() == null) {
            return -1;
        }
        int lineStart = SourceUnits.lineStart(text, offset);
        for (dev.pyassist.python.ast.Stmt st : parse.module().body()) {
            int first = SourceUnits.lineStart(text, st.start());
            int lastLineEnd = SourceUnits.lineEnd(text, Math.max(st.start(), st.end() - 1));
            if (lineStart >= first && offset <= lastLineEnd) {
                return lastLineEnd >= text.length() ? text.length() : SourceUnits.nextLine(text, lastLineEnd);
            }
        }
        return -1;
    }

    private static String surrounding(String text, int at) {
        int from = Math.max(0, at - 1500);
        int to = Math.min(text.length(), at + 500);
        return text.substring(from, at) + "<code here>\n" + text.substring(at, to);
    }

    private static String stripCommentMarks(String s) {
        StringBuilder sb = new StringBuilder();
        for (String l : s.split("\\R")) {
            String x = l.strip();
            while (x.startsWith("#")) {
                x = x.substring(1).strip();
            }
            x = x.replaceFirst("^(?i)(TODO|FIXME|XXX)\\s*[:(-]?\\s*(\\w+\\))?\\s*:?\\s*", "");
            if (!x.isEmpty()) {
                sb.append(x).append('\n');
            }
        }
        return sb.toString().strip();
    }

    // ---- ask ------------------------------------------------------------------------------------------------------

    /** Classifies the question (model, else rules) and routes it; {@code t} may be null (no document). */
    public AssistResult ask(Target t, String question, Job job) {
        Optional<Language.Unsupported> unsupported = Language.requestedUnsupported(question);
        if (unsupported.isPresent()) {
            return AssistResult.message("translate", false, unsupported.get().answer() + " [ask → translate:"
                    + unsupported.get().name() + ", by rules: not a supported target]", job.calls());
        }
        Intent intent;
        String how;
        try {
            LlmResult r = job.call(llm.get(), Prompts.classify(question, t != null), "Understanding the request");
            Optional<Intent> parsed = Intent.fromLabel(r.text());
            intent = parsed.orElseGet(() -> Intent.byRules(question));
            how = parsed.isPresent() ? "model" : "rules (the model's answer named no task)";
        } catch (LlmException e) {
            if (e.kind() == LlmException.Kind.CANCELLED) {
                throw e;
            }
            intent = Intent.byRules(question);
            how = "rules (the model could not be asked: " + e.kind().name().toLowerCase(Locale.ROOT) + ")";
        }
        LOG.fine("ask routed to " + intent.label() + " by " + how);
        job.report("Routed to " + intent.label());
        AssistResult routed;
        String route = intent.label() + ", by " + how;
        if (t == null && intent.action() != Intent.Action.EXPLAIN) {
            // Nothing to summarise, translate or write into: the question is explained, and the message says so.
            routed = explain(null, question, job);
            route = intent.label() + " by " + how + "; answered as explain, since no document is open to "
                    + (intent.action() == Intent.Action.GENERATE ? "put code into" : intent.action().key());
        } else {
            routed = switch (intent.action()) {
                case SUMMARIZE -> summarize(t, job);
                case TRANSLATE -> translate(t, intent.language(), job);
                case GENERATE -> generate(t, question, job);
                case EXPLAIN -> explain(t, question, job);
            };
        }
        return new AssistResult(routed.task(), routed.ok(), routed.message() + " [ask → " + route + "]", routed.text(), routed.edit(), routed.newFile(), routed.contextFiles(),
                job.calls());
    }

    private AssistResult explain(Target t, String question, Job job) {
        String code = null;
        if (t != null) {
            if (t.hasSelection()) {
                code = t.selection();
            } else {
                code = SourceUnits.innermostAt(SourceUnits.of(t.text()), t.cursor()).map(u -> u.text(t.text()))
                        .orElse(t.text().length() <= MAX_PROMPT_CODE ? t.text() : null);
            }
        }
        String shown = code;
        Fitted fitted = fit(c -> Prompts.explain(question, shown, c),
                contextFor(question + (code == null ? "" : "\n" + code), t));
        if (fitted.refusal() != null) {
            return AssistResult.message("explain", false, fitted.refusal(), job.calls());
        }
        List<ContextSource.ContextUnit> ctx = fitted.context();
        LlmResult r = job.call(llm.get(), fitted.request(), "Explaining");
        String text = r.text().strip();
        return new AssistResult("explain", true, text + truncationNote(r) + contextNote(ctx), text, null, null,
                files(ctx), job.calls());
    }

    // ---- shared ---------------------------------------------------------------------------------------------------

    /** A request fitted to the model's window, the context units it still carries, or why nothing fits. */
    private record Fitted(LlmRequest request, List<ContextSource.ContextUnit> context, String refusal) {}

    /**
     * Fits a prompt to the model's window where the backend knows it (a local model's {@code n_positions}): the
     * instruction and the code stay; retrieved context goes first, least relevant unit first; when the prompt does
     * not fit even without context, the action is refused with the sizes (nothing is sent).
     */
    private Fitted fit(java.util.function.Function<List<ContextSource.ContextUnit>, LlmRequest> build,
            List<ContextSource.ContextUnit> ctx) {
        List<ContextSource.ContextUnit> kept = new ArrayList<>(ctx);
        LlmRequest request = build.apply(List.copyOf(kept));
        LlmBackend backend;
        Optional<LlmBackend.Fit> fit;
        try {
            backend = llm.get().backendFor(request.task());
            fit = backend.fit(request);
        } catch (LlmException e) {
            return new Fitted(request, kept, null); // the call itself reports what is wrong with the backend
        }
        while (fit.isPresent() && !fit.get().fits() && !kept.isEmpty()) {
            kept.remove(kept.size() - 1);
            request = build.apply(List.copyOf(kept));
            fit = backend.fit(request);
        }
        if (fit.isPresent() && !fit.get().fits()) {
            LlmBackend.Fit f = fit.get();
            return new Fitted(request, kept, "This does not fit the model's context: the instruction and the code "
                    + "alone are " + f.promptTokens() + " tokens, and " + backend.describe() + " takes "
                    + f.windowTokens() + " tokens in all (n_positions), a quarter of them kept for the answer. "
                    + "Select a smaller part of the code, or use a model with a longer context. Nothing was sent.");
        }
        if (kept.size() < ctx.size()) {
            LOG.fine((ctx.size() - kept.size()) + " context unit(s) left out to fit the model's window");
        }
        return new Fitted(request, List.copyOf(kept), null);
    }

    /**
     * The syntax error an edit would add, checked with the project's parser on the spliced text; when the file did not
     * parse before, {@code alone} (the new code in a minimal frame) is checked instead.
     */
    private Optional<String> addedProblem(String text, AssistResult.Edit e, String alone) {
        if (pythonCheck.problem(text).isPresent()) {
            return pythonCheck.problem(alone);
        }
        return pythonCheck.problem(text.substring(0, e.start()) + e.newText() + text.substring(e.end()));
    }

    /** Refuses, before any model call, an action whose result is an edit of a document the editor does not hold. */
    private static AssistResult notOpen(String task, String what, Target t, Job job) {
        return AssistResult.message(task, false, "Open " + t.displayName() + " in the editor first: " + what
                + " is written as an edit of the open document, and " + t.displayName() + " is not open. Nothing was"
                + " sent to the model.", job.calls());
    }

    private List<ContextSource.ContextUnit> contextFor(String query, Target t) {
        return contextFor(query, t, null);
    }

    /** Related workspace code for {@code query}; never {@code unit} (the unit being written or replaced) itself. */
    private List<ContextSource.ContextUnit> contextFor(String query, Target t, String unit) {
        Settings.ContextSettings c = settings.get().context();
        if (c == null || !c.enabled()) {
            return List.of();
        }
        try {
            return context.find(query, t == null ? null : t.uri(), unit, c.maxUnits(), c.maxChars());
        } catch (RuntimeException e) {
            LOG.warning("workspace context unavailable: " + e);
            return List.of();
        }
    }

    private static List<String> files(List<ContextSource.ContextUnit> ctx) {
        return ctx.stream().map(ContextSource.ContextUnit::file).distinct().toList();
    }

    private static String contextNote(List<ContextSource.ContextUnit> ctx) {
        List<String> f = files(ctx);
        return f.isEmpty() ? "" : " (context from " + String.join(", ", f) + ")";
    }

    private static String truncationNote(LlmResult r) {
        return r.finishReason() == FinishReason.LENGTH ? " (the answer hit the output limit and may be cut short)"
                : "";
    }
}
