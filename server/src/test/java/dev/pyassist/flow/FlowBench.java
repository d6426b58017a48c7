package dev.pyassist.flow;

import dev.pyassist.config.Settings;
import dev.pyassist.diagnostics.ParsedText;
import dev.pyassist.diagnostics.SyntaxLayer;
import dev.pyassist.names.NamesLayer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the flow layer adds to a keystroke's exact analysis of one file: median thread CPU time of the syntax
 * layer (parse included), the names layer and the flow layer over the same parse, after warm-up. CPU time, not
 * wall time, so a loaded machine changes the figures less.
 *
 * <p>Usage: {@code FlowBench FILE [runs]} (bench/flow_bench.py builds the 5,000-line file and runs this).
 */
public final class FlowBench {
    public static void main(String[] args) throws IOException {
        String text = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Settings settings = Settings.defaults();
        SyntaxLayer syntax = new SyntaxLayer();
        NamesLayer names = new NamesLayer();
        FlowLayer flow = new FlowLayer();
        int findings = 0;
        for (int i = 0; i < 200; i++) {
            ParsedText parsed = ParsedText.parse(text);
            syntax.analyze(parsed, settings);
            names.analyze(parsed, settings);
            findings = flow.analyze(parsed, settings).size();
        }
        double[] syntaxCpu = new double[runs];
        double[] namesCpu = new double[runs];
        double[] flowCpu = new double[runs];
        var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < runs; i++) {
            long c0 = cpu.getCurrentThreadCpuTime();
            ParsedText parsed = ParsedText.parse(text);
            syntax.analyze(parsed, settings);
            long c1 = cpu.getCurrentThreadCpuTime();
            names.analyze(parsed, settings);
            long c2 = cpu.getCurrentThreadCpuTime();
            flow.analyze(parsed, settings);
            long c3 = cpu.getCurrentThreadCpuTime();
            syntaxCpu[i] = (c1 - c0) / 1e6;
            namesCpu[i] = (c2 - c1) / 1e6;
            flowCpu[i] = (c3 - c2) / 1e6;
        }
        // the parts, for finding where the time goes
        double[] da = new double[runs];
        double[] calls = new double[runs];
        double[] small = new double[runs];
        ParsedText p = ParsedText.parse(text);
        var module = p.parse().module();
        for (int i = 0; i < runs; i++) {
            var out = new java.util.ArrayList<FlowIssue>();
            long c0 = cpu.getCurrentThreadCpuTime();
            Scopes scopes = new Scopes(module);
            NeverReturns nr = NeverReturns.of(module, scopes.moduleNames());
            DefiniteAssignment.analyze(text, scopes, nr, out);
            long c1 = cpu.getCurrentThreadCpuTime();
            CallChecks.analyze(scopes, null, out);
            long c2 = cpu.getCurrentThreadCpuTime();
            CallChecks.analyze(scopes, new SmallRules(text, nr, out), out);
            long c3 = cpu.getCurrentThreadCpuTime();
            da[i] = (c1 - c0) / 1e6;
            calls[i] = (c2 - c1) / 1e6;
            small[i] = (c3 - c2) / 1e6;
        }
        System.out.printf("parts: definite assignment %.1f ms, calls %.1f ms, calls and small rules %.1f ms%n", median(da),
                median(calls), median(small));
        double before = median(syntaxCpu) + median(namesCpu);
        System.out.printf("file: %d lines, %d flow findings%n", text.lines().count(), findings);
        System.out.printf("CPU per analysis, median of %d: syntax (parse) %.1f ms, names %.1f ms, flow %.1f ms"
                + " (+%.1f%% over syntax + names)%n", runs, median(syntaxCpu), median(namesCpu), median(flowCpu),
                100 * median(flowCpu) / before);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
