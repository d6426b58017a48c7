// Times one batch of validator units through ONNX Runtime, as the server runs them (DJL tokenizer, length-sorted
// batches of at most 2048 padded tokens). Run by bench/validator_bench.py:
//   java -cp server/target/pyassist.jar bench/ValidatorBatchBench.java MODEL_DIR UNITS_JSON REPEATS
// UNITS_JSON is a JSON array of unit texts; prints one JSON line with the median milliseconds.
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyassist.validator.CodeTokenizer;
import dev.pyassist.validator.OnnxScorer;
import dev.pyassist.validator.ValidatorArtifact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

public class ValidatorBatchBench {
    public static void main(String[] args) throws Exception {
        ValidatorArtifact artifact = ValidatorArtifact.load(Path.of(args[0]));
        String[] units = new ObjectMapper().readValue(Path.of(args[1]).toFile(), String[].class);
        int repeats = Integer.parseInt(args[2]);
        int threads = args.length > 3 ? Integer.parseInt(args[3])
                : Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        try (CodeTokenizer tok = new CodeTokenizer(artifact.tokenizer());
                OnnxScorer scorer = new OnnxScorer(artifact.model(), artifact.padId(), threads)) {
            long t0 = System.nanoTime();
            List<long[]> seqs = new ArrayList<>();
            for (String u : units) {
                seqs.add(tok.encode(u).ids());
            }
            double tokenizeMs = (System.nanoTime() - t0) / 1e6;
            seqs.sort(Comparator.comparingInt(s -> s.length));
            List<List<long[]>> batches = new ArrayList<>();
            List<long[]> cur = new ArrayList<>();
            int width = 0;
            for (long[] s : seqs) {
                if (!cur.isEmpty() && (cur.size() + 1) * Math.max(width, s.length) > 2048) {
                    batches.add(cur);
                    cur = new ArrayList<>();
                    width = 0;
                }
                cur.add(s);
                width = Math.max(width, s.length);
            }
            if (!cur.isEmpty()) {
                batches.add(cur);
            }
            for (List<long[]> b : batches) {
                scorer.score(b); // warm-up
            }
            double[] times = new double[repeats];
            double[] cpu = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long s = System.nanoTime();
                long c = mx.getCurrentThreadCpuTime();
                for (List<long[]> b : batches) {
                    scorer.score(b);
                }
                times[r] = (System.nanoTime() - s) / 1e6;
                cpu[r] = (mx.getCurrentThreadCpuTime() - c) / 1e6;
            }
            Arrays.sort(times);
            Arrays.sort(cpu);
            int tokens = seqs.stream().mapToInt(x -> x.length).sum();
            System.out.printf(java.util.Locale.ROOT,
                    "{\"units\": %d, \"tokens\": %d, \"batches\": %d, \"threads\": %d, \"tokenize_ms\": %.1f,"
                            + " \"median_ms\": %.1f, \"min_ms\": %.1f, \"cpu_ms\": %.1f}%n",
                    units.length, tokens, batches.size(), threads, tokenizeMs, times[repeats / 2], times[0],
                    threads == 1 ? cpu[repeats / 2] : Double.NaN);
        }
    }
}
