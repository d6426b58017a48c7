package dev.pyassist.flow;

import dev.pyassist.config.Settings;
import dev.pyassist.diagnostics.Finding;
import dev.pyassist.diagnostics.ParsedText;
import dev.pyassist.diagnostics.SyntaxLayer;
import dev.pyassist.names.NamesLayer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * What the flow layer adds to a keystroke's exact analysis of one file: median thread CPU time of the syntax
 * layer (parse included), the names layer and the flow layer over the same parse, after warm-up, while letters
 * are typed one by one at a spot inside a function body (each version new, the one before analysed just before,
 * as an editor sends them). The flow layer is timed twice per version: as the server runs it (units reused from
 * the cache) and as a full re-analysis (no cache); the two must agree. CPU time, not wall time, so a loaded
 * machine changes the figures less.
 *
 * <p>Usage: {@code FlowBench FILE RUNS NAME=OFFSET...} (bench/flow_bench.py builds the 5,000-line file, finds the
 * spots and runs this).
 */
public final class FlowBench {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws IOException {
        String text = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        int runs = Integer.parseInt(args[1]);
        System.out.printf("file: %d lines, %d flow findings%n", text.lines().count(),
                FlowLayer.findings(text, ParsedText.parse(text).parse(), EnumSet.allOf(FlowRule.class), null).size());
        for (int a = 2; a < args.length; a++) {
            String[] spot = args[a].split("=", 2);
            typeAt(text, spot[0], Integer.parseInt(spot[1]), runs);
        }
    }

    private static void typeAt(String text, String name, int offset, int runs) {
        Settings settings = Settings.defaults();
        SyntaxLayer syntax = new SyntaxLayer();
        NamesLayer names = new NamesLayer();
        var rules = FlowLayer.enabledRules(settings);
        UnitCache cache = new UnitCache(4_000_000);
        StringBuilder typed = new StringBuilder();
        int warmup = 150;
        double[] syntaxCpu = new double[runs];
        double[] namesCpu = new double[runs];
        double[] keystroke = new double[runs];
        double[] full = new double[runs];
        for (int i = -warmup; i < runs; i++) {
            typed.append((char) ('a' + Math.floorMod(i, 26)));
            String version = text.substring(0, offset) + typed + text.substring(offset);
            long c0 = CPU.getCurrentThreadCpuTime();
            ParsedText parsed = ParsedText.parse(version);
            syntax.analyze(parsed, settings);
            long c1 = CPU.getCurrentThreadCpuTime();
            names.analyze(parsed, settings);
            long c2 = CPU.getCurrentThreadCpuTime();
            List<Finding> incremental = FlowLayer.findings(version, parsed.parse(), rules, cache);
            long c3 = CPU.getCurrentThreadCpuTime();
            List<Finding> whole = FlowLayer.findings(version, parsed.parse(), rules, null);
            long c4 = CPU.getCurrentThreadCpuTime();
            if (!incremental.equals(whole)) {
                throw new AssertionError("the keystroke's findings differ from a full analysis at " + name);
            }
            if (i >= 0) {
                syntaxCpu[i] = (c1 - c0) / 1e6;
                namesCpu[i] = (c2 - c1) / 1e6;
                keystroke[i] = (c3 - c2) / 1e6;
                full[i] = (c4 - c3) / 1e6;
            }
        }
        double before = median(syntaxCpu) + median(namesCpu);
        System.out.printf("typing in %s, CPU per keystroke, median of %d: syntax (parse) %.1f ms, names %.1f ms;"
                + " flow %.2f ms (+%.1f%% over syntax + names, budget 20%%); a full flow re-analysis %.1f ms"
                + " (+%.1f%%)%n", name, runs, median(syntaxCpu), median(namesCpu), median(keystroke),
                100 * median(keystroke) / before, median(full), 100 * median(full) / before);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
