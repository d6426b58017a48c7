package dev.pyassist.validator;

/**
 * The model's verdict on one window.
 *
 * @param bugProbability P(the window holds a bug)
 * @param kindProbabilities softmax over the artifact's labels (index 0 = clean); empty for format 2
 * @param tokenScores one score per token of the window (including the special tokens): where the bug is
 *     (format 1), or P(this token was replaced) (format 2)
 * @param repairIds format 2: the repair head's top-K token ids for each position, best first; a row is null
 *     where the token scored under the scorer's floor (no finding can sit there), and the whole array is null
 *     for format 1
 * @param repairProbabilities their probabilities, null where {@code repairIds} is
 */
public record Score(float bugProbability, float[] kindProbabilities, float[] tokenScores, long[][] repairIds,
        float[][] repairProbabilities) {

    public Score(float bugProbability, float[] kindProbabilities, float[] tokenScores) {
        this(bugProbability, kindProbabilities, tokenScores, null, null);
    }

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
