package dev.pyassist.assist;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Checks translated code where a checker is available: Java in process with {@code javax.tools} (when running on a
 * JDK), JavaScript with {@code node --check}, C++ with {@code g++ -fsyntax-only}, Go with {@code gofmt -e}, each only
 * when on the PATH. The outcome is always reported, including "not checked" and why.
 */
public final class CompileCheck {

    /** What the check found. */
    public record Outcome(Language language, String tool, boolean ran, boolean ok, String detail) {

        /** One sentence for the user, naming the check that ran (a syntax check is not called a compile check). */
        public String summary() {
            if (!ran) {
                return "Not compile-checked: " + detail + ".";
            }
            String name = checkName();
            String title = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            return ok ? title + " passed (" + command() + ")" + (syntaxOnly() ? ": syntax only, types and names "
                    + "were not checked." : ".")
                    : title + " FAILED (" + command() + "): " + detail;
        }

        /** Whether the tool checks syntax only ({@code gofmt -e}, {@code node --check}). */
        public boolean syntaxOnly() {
            return tool.equals("gofmt") || tool.equals("node");
        }

        /** "compile check" or "syntax check". */
        public String checkName() {
            return syntaxOnly() ? "syntax check" : "compile check";
        }

        /** The tool as it was run. */
        public String command() {
            return switch (tool) {
                case "gofmt" -> "gofmt -e";
                case "node" -> "node --check";
                case "g++" -> "g++ -fsyntax-only";
                default -> tool;
            };
        }
    }

    private static final Pattern JAVA_PUBLIC_TYPE = Pattern.compile(
            "(?m)^\\s*public\\s+(?:(?:final|abstract|sealed|static)\\s+)*(?:class|interface|enum|record)\\s+(\\w+)");
    private static final Pattern JAVA_ANY_TYPE = Pattern.compile(
            "(?m)^\\s*(?:(?:final|abstract|sealed|static)\\s+)*(?:class|interface|enum|record)\\s+(\\w+)");

    /**
     * Address space for g++ and its cc1plus (Linux): ample for a translation, and what stops an answer that makes
     * the compiler read {@code /dev/zero}. {@code -Dpyassist.compileCheck.memoryMb=N} changes it.
     */
    static final long MEMORY_BYTES = Long.getLong("pyassist.compileCheck.memoryMb", 2048L) * 1024 * 1024;

    private final java.util.function.Supplier<Duration> timeout;
    private final String path;

    /** @param path the PATH to look tools up on (normally {@code System.getenv("PATH")}) */
    public CompileCheck(Duration timeout, String path) {
        this(() -> timeout, path);
    }

    /** @param timeout the current limit for one external check (read at each check, so settings changes apply) */
    public CompileCheck(java.util.function.Supplier<Duration> timeout, String path) {
        this.timeout = timeout;
        this.path = path == null ? "" : path;
    }

    public Outcome check(Language language, String code) {
        try {
            switch (language) {
                case JAVA:
                    return java(code);
                case JAVASCRIPT:
                    return external(language, "node", code, isModule(code) ? ".mjs" : ".js", "--check");
                case CPP:
                    return external(language, "g++", code, ".cpp", "-fsyntax-only", "-std=c++17");
                case GO:
                    return external(language, "gofmt", code, ".go", "-e", "-l");
                default:
                    throw new AssertionError(language);
            }
        } catch (IOException e) {
            return new Outcome(language, "", false, false, "the check could not run (" + e.getMessage() + ")");
        }
    }

    /** The Java type the file should be named after: its public type, else its first type. */
    public static Optional<String> javaTypeName(String code) {
        Matcher m = JAVA_PUBLIC_TYPE.matcher(code);
        if (m.find()) {
            return Optional.of(m.group(1));
        }
        m = JAVA_ANY_TYPE.matcher(code);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private Outcome java(String code) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            return new Outcome(Language.JAVA, "javac", false, false,
                    "the server runs on a Java runtime without a compiler (use a JDK to enable the Java check)");
        }
        String type = javaTypeName(code).orElse("Translation");
        Path out = Files.createTempDirectory("pyassist-javac");
        try {
            JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///" + type + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return code;
                }
            };
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            StringWriter log = new StringWriter();
            boolean ok = javac.getTask(log, null, diagnostics,
                    List.of("-d", out.toString(), "-proc:none", "-Xlint:none", "-nowarn"), null, List.of(source))
                    .call();
            if (ok) {
                return new Outcome(Language.JAVA, "javac", true, true, "");
            }
            List<String> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.add("line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
                }
            }
            return new Outcome(Language.JAVA, "javac", true, false, errors.size() + " error"
                    + (errors.size() == 1 ? "" : "s") + ": " + String.join("; ", errors.subList(0,
                    Math.min(5, errors.size()))));
        } finally {
            deleteTree(out);
        }
    }

    private Outcome external(Language language, String tool, String code, String suffix, String... args)
            throws IOException {
        Optional<Path> exe = onPath(tool);
        if (exe.isEmpty()) {
            return new Outcome(language, tool, false, false, tool + " is not on the PATH");
        }
        Path dir = Files.createTempDirectory("pyassist-check");
        try {
            Path file = dir.resolve("translation" + suffix);
            Files.writeString(file, code, StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>();
            cmd.add(exe.get().toString());
            cmd.addAll(List.of(args));
            cmd.add(file.toString());
            Duration limit = timeout.get();
            CheckProcess.Result run;
            try {
                run = CheckProcess.run(cmd, dir, limit, tool.equals("g++") ? MEMORY_BYTES : 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(language, tool, false, false, "the check was interrupted");
            }
            if (!run.finished()) {
                return new Outcome(language, tool, false, false, tool + " took longer than " + limit.toSeconds()
                        + " s");
            }
            String text = run.output().replace(file.toString(), "translation" + suffix);
            boolean ok = run.exitCode() == 0;
            String detail = text.strip();
            if (detail.length() > 600) {
                detail = detail.substring(0, 600) + "...";
            }
            return new Outcome(language, tool, true, ok, detail);
        } finally {
            deleteTree(dir);
        }
    }

    private static boolean isModule(String code) {
        return Pattern.compile("(?m)^\\s*(import\\s+[\\w{*]|export\\s)").matcher(code).find();
    }

    /** The executable {@code name} on the PATH, if any. */
    public Optional<Path> onPath(String name) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp dir left behind
        }
    }
}
