package dev.pyassist.python;

import dev.pyassist.python.ast.Module;
import java.util.List;

/**
 * Entry point of the syntax layer: tokenizes and parses Python 3.12 source into a CPython-shaped AST, or reports
 * the first syntax error CPython would report. Thread-safe: every call uses its own tokenizer and parser.
 */
public final class PythonParser {
    private PythonParser() {
    }

    /** Parses for the default target version ({@link PythonVersion#DEFAULT}). */
    public static ParseResult parse(String source) {
        return parse(source, PythonVersion.DEFAULT);
    }

    /** Stack for a parse that overflowed the caller's: enough for every depth CPython accepts. */
    private static final long DEEP_STACK_BYTES = 1L << 30;

    /**
     * Parses for one target version: its grammar, its CPython's messages. Input nested deeper than the calling
     * thread's stack allows is parsed again on a thread with a large stack, so the verdict never depends on the
     * caller's stack size.
     */
    public static ParseResult parse(String source, PythonVersion target) {
        try {
            return parseHere(source, target);
        } catch (StackOverflowError e) {
            return onDeepStack(source, target);
        }
    }

    private static ParseResult onDeepStack(String source, PythonVersion target) {
        ParseResult[] out = new ParseResult[1];
        Throwable[] failed = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                out[0] = parseHere(source, target);
            } catch (StackOverflowError | RuntimeException e) {
                failed[0] = e;
            }
        }, "pyassist-deep-parse", DEEP_STACK_BYTES);
        t.setDaemon(true);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed[0] = e;
        }
        if (out[0] != null) return out[0];
        String src = source == null ? "" : source;
        return new ParseResult(null, List.of(new SyntaxDiagnostic(SyntaxErrorKind.TOO_DEEP,
                NestingLimits.PARSER_OVERFLOW, 0, Math.min(1, src.length()))), List.of());
    }

    private static ParseResult parseHere(String source, PythonVersion target) {
        if (source == null) source = "";
        if (target == null) target = PythonVersion.DEFAULT;
        // CPython refuses a file with a NUL anywhere (string, comment and docstring included) before any other
        // error. Checked here, on the text, so the editor (which has only text) and `pyassist check` (which
        // decodes bytes first) report the same single error.
        int nul = source.indexOf('\0');
        if (nul >= 0) {
            return new ParseResult(null, List.of(new SyntaxDiagnostic(SyntaxErrorKind.NULL_BYTES,
                    "source code cannot contain null bytes", nul, nul + 1)), List.of());
        }
        Tokenizer tk = new Tokenizer(source);
        tk.hintEscapedQuote = target.atLeast(13);
        List<Token> toks;
        try {
            toks = tk.run();
        } catch (RuntimeException e) {
            return new ParseResult(null, List.of(internal(source, e)), tk.comments);
        }
        CompoundParser parser = new CompoundParser(source, toks);
        parser.chars = tk.cs; // the same text: its line starts need no second copy
        parser.target = target;
        SyntaxDiagnostic diag;
        try {
            Module m = parser.file();
            SyntaxDiagnostic compile = NestingLimits.check(m, target);
            if (compile == null) compile = VersionChecks.check(m, parser);
            if (compile == null) compile = CompileChecks.check(m, source, target);
            if (compile == null) return new ParseResult(m, List.of(), tk.comments);
            diag = compile;
        } catch (ParserBase.ParseError e) {
            diag = e.diag;
            if (!e.fromTokenizer && parser.matchColonAt >= 0 && parser.matchColonAt <= e.diag.start()) {
                int fi = Math.min(parser.fetched, toks.size() - 1);
                if (toks.get(fi).type == Token.ERROR && fi > 0) fi--;
                Token far = toks.get(fi);
                int at = far.type == Token.ENDMARKER ? Math.max(0, far.start - 1) : far.start;
                diag = new SyntaxDiagnostic(SyntaxErrorKind.EXPECTED_COLON, "expected ':'", at,
                        Math.max(at, far.end));
            }
            if (!e.fromTokenizer && !e.keep) {
                Token last = toks.get(toks.size() - 1);
                if (last.type == Token.ERROR) {
                    if (last.direct) {
                        diag = last.error;
                    } else if (tk.unclosedAtError != null) {
                        int fi = Math.min(parser.fetched, toks.size() - 1);
                        if (toks.get(fi).type == Token.ERROR && fi > 0) fi--;
                        Token far = toks.get(fi);
                        if (parser.lineOf(tk.unclosedAtError.start()) < far.line) diag = tk.unclosedAtError;
                    }
                }
            }
        }
        return new ParseResult(null, List.of(diag), tk.comments);
    }

    private static SyntaxDiagnostic internal(String source, Throwable e) {
        // never a Java class name in a user-facing message
        String what = e.getMessage();
        return new SyntaxDiagnostic(SyntaxErrorKind.OTHER, "source could not be tokenized: " + what, 0,
                Math.min(1, source.length()));
    }
}
