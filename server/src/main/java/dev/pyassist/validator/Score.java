package dev.pyassist.validator;

/**
 * The model's verdict on one window.
 *
 * @param bugProbability P(the window holds a bug)
 * @param kindProbabilities softmax over the artifact's labels (index 0 = clean)
 * @param tokenScores where the bug is, one score per token of the window (including the special tokens)
 */
public record Score(float bugProbability, float[] kindProbabilities, float[] tokenScores) {
    /** Index of the most likely bug kind (never 0, "clean"). */
    public int topKind() {
        int best = 1;
        for (int i = 2; i < kindProbabilities.length; i++) {
            if (kindProbabilities[i] > kindProbabilities[best]) {
                best = i;
            }
        }
        return best;
    }
}
