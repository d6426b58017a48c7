package dev.pyassist.validator;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The resident ONNX Runtime session. {@link #score} runs one padded batch; ORT sessions are thread-safe, so
 * several documents may score at once.
 */
public final class OnnxScorer implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final long padId;
    private final int format;
    private final float repairFloor;

    /** A format-1 model. */
    public OnnxScorer(Path model, long padId, int threads) throws OrtException {
        this(model, padId, threads, ValidatorArtifact.FORMAT_SEQUENCE, 0f);
    }

    /**
     * The artifact's model; for format 2, repairs are kept only for tokens scoring at least a tenth of the
     * information threshold (a finding needs far more), which keeps cached windows small.
     */
    public OnnxScorer(ValidatorArtifact artifact, int threads) throws OrtException {
        this(artifact.model(), artifact.padId(), threads, artifact.formatVersion(),
                (float) (artifact.informationThreshold() / 10));
    }

    private OnnxScorer(Path model, long padId, int threads, int format, float repairFloor) throws OrtException {
        this.env = OrtEnvironment.getEnvironment();
        this.padId = padId;
        this.format = format;
        this.repairFloor = repairFloor;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(Math.max(1, threads));
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            // The server shares the CPU with the editor and everything else: threads that spin while waiting
            // for work cost far more than they save there. The arena stays (about 10% faster than fresh
            // buffers per run; batches are at most 2048 tokens, so what it keeps is bounded).
            options.addConfigEntry("session.intra_op.allow_spinning",
                    System.getProperty("pyassist.ort.spin", "0"));
            options.setCPUArenaAllocator(Boolean.parseBoolean(System.getProperty("pyassist.ort.arena", "true")));
            // Memory patterns are planned and kept per input shape; every batch has another shape.
            options.setMemoryPatternOptimization(Boolean.getBoolean("pyassist.ort.memPattern"));
            this.session = env.createSession(model.toString(), options);
        }
        for (String name : List.of("input_ids", "attention_mask")) {
            if (!session.getInputNames().contains(name)) {
                session.close();
                throw new OrtException("model.onnx has no input '" + name + "' (inputs: " + session.getInputNames() + ")");
            }
        }
        for (String name : ValidatorArtifact.outputNames(format)) {
            if (!session.getOutputNames().contains(name)) {
                session.close();
                throw new OrtException("model.onnx has no output '" + name + "' (outputs: " + session.getOutputNames() + ")");
            }
        }
    }

    /** Scores sequences (each already {@code <s> ... </s>}), right-padded to the longest in one run. */
    public List<Score> score(List<long[]> sequences) throws OrtException {
        int batch = sequences.size();
        if (batch == 0) {
            return List.of();
        }
        int width = 0;
        for (long[] s : sequences) {
            width = Math.max(width, s.length);
        }
        long[] ids = new long[batch * width];
        long[] mask = new long[batch * width];
        for (int r = 0; r < batch; r++) {
            long[] s = sequences.get(r);
            int base = r * width;
            for (int c = 0; c < width; c++) {
                if (c < s.length) {
                    ids[base + c] = s[c];
                    mask[base + c] = 1;
                } else {
                    ids[base + c] = padId;
                }
            }
        }
        long[] shape = {batch, width};
        try (OnnxTensor idsT = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                OnnxTensor maskT = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                OrtSession.Result out = session.run(Map.of("input_ids", idsT, "attention_mask", maskT))) {
            if (format == ValidatorArtifact.FORMAT_TOKEN_RTD) {
                return tokenLevel(out, sequences, width);
            }
            float[] bug = (float[]) out.get(ValidatorArtifact.BUG_PROBABILITY).orElseThrow().getValue();
            float[][] kinds = (float[][]) out.get(ValidatorArtifact.KIND_PROBABILITIES).orElseThrow().getValue();
            float[][] tokens = (float[][]) out.get(ValidatorArtifact.TOKEN_SCORES).orElseThrow().getValue();
            List<Score> scores = new ArrayList<>(batch);
            for (int r = 0; r < batch; r++) {
                scores.add(new Score(bug[r], kinds[r], java.util.Arrays.copyOf(tokens[r], sequences.get(r).length)));
            }
            return scores;
        }
    }

    /** Format 2: flat buffers (no nested arrays per token), repairs kept only over the floor. */
    private List<Score> tokenLevel(OrtSession.Result out, List<long[]> sequences, int width) {
        OnnxTensor bugT = (OnnxTensor) out.get(ValidatorArtifact.BUG_PROBABILITY).orElseThrow();
        OnnxTensor tokT = (OnnxTensor) out.get(ValidatorArtifact.TOKEN_BUG_PROBABILITY).orElseThrow();
        OnnxTensor idsT = (OnnxTensor) out.get(ValidatorArtifact.REPAIR_TOKEN_IDS).orElseThrow();
        OnnxTensor probT = (OnnxTensor) out.get(ValidatorArtifact.REPAIR_PROBABILITIES).orElseThrow();
        long[] shape = idsT.getInfo().getShape();
        int k = (int) shape[2];
        java.nio.FloatBuffer bug = bugT.getFloatBuffer();
        java.nio.FloatBuffer tok = tokT.getFloatBuffer();
        LongBuffer ids = idsT.getLongBuffer();
        java.nio.FloatBuffer probs = probT.getFloatBuffer();
        List<Score> scores = new ArrayList<>(sequences.size());
        for (int r = 0; r < sequences.size(); r++) {
            int len = sequences.get(r).length;
            float[] p = new float[len];
            long[][] rIds = new long[len][];
            float[][] rProbs = new float[len][];
            for (int c = 0; c < len; c++) {
                int at = r * width + c;
                p[c] = tok.get(at);
                if (p[c] >= repairFloor) {
                    rIds[c] = new long[k];
                    rProbs[c] = new float[k];
                    for (int j = 0; j < k; j++) {
                        rIds[c][j] = ids.get(at * k + j);
                        rProbs[c][j] = probs.get(at * k + j);
                    }
                }
            }
            scores.add(new Score(bug.get(r), new float[0], p, rIds, rProbs));
        }
        return scores;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing a session we own; nothing to do
        }
    }
}
