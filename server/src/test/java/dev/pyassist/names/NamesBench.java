package dev.pyassist.names;

import dev.pyassist.config.Settings;
import dev.pyassist.diagnostics.ParsedText;
import dev.pyassist.diagnostics.SyntaxLayer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How much the names layer adds to the syntax layer on one file: median wall time of the syntax layer
 * (parse + syntax findings) and of the names layer over that parse, after warm-up.
 *
 * <p>Usage: {@code NamesBench FILE [runs]} (bench/names_bench.py builds the 5,000-line file and runs this).
 */
public final class NamesBench {
    public static void main(String[] args) throws IOException {
        String text = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Settings settings = Settings.defaults();
        SyntaxLayer syntax = new SyntaxLayer();
        NamesLayer names = new NamesLayer();
        int findings = 0;
        for (int i = 0; i < 300; i++) { // warm-up: the server analyses the same code paths all session
            ParsedText parsed = ParsedText.parse(text);
            syntax.analyze(parsed, settings);
            findings = names.analyze(parsed, settings).size();
        }
        if (!ParsedText.parse(text).parse().ok()) {
            throw new IllegalStateException("the benchmark file must parse");
        }
        double[] syntaxMs = new double[runs];
        double[] namesMs = new double[runs];
        double[] syntaxCpu = new double[runs];
        double[] namesCpu = new double[runs];
        var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < runs; i++) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            ParsedText parsed = ParsedText.parse(text);
            syntax.analyze(parsed, settings);
            long c1 = cpu.getCurrentThreadCpuTime();
            long t1 = System.nanoTime();
            names.analyze(parsed, settings);
            long t2 = System.nanoTime();
            long c2 = cpu.getCurrentThreadCpuTime();
            syntaxMs[i] = (t1 - t0) / 1e6;
            namesMs[i] = (t2 - t1) / 1e6;
            syntaxCpu[i] = (c1 - c0) / 1e6;
            namesCpu[i] = (c2 - c1) / 1e6;
        }
        long lineCount = text.lines().count();
        System.out.printf("file: %d lines, %d names findings%n", lineCount, findings);
        System.out.printf("syntax layer (parse): median %.1f ms wall, %.1f ms CPU%n", median(syntaxMs),
                median(syntaxCpu));
        System.out.printf("names layer added:    median %.1f ms wall (min %.1f, p90 %.1f), %.1f ms CPU;"
                + " budget 20 ms%n", median(namesMs), percentile(namesMs, 0), percentile(namesMs, 0.9),
                median(namesCpu));
    }

    private static double median(double[] v) {
        return percentile(v, 0.5);
    }

    private static double percentile(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.floor(p * s.length))];
    }
}
