package dev.pyassist.dataset;

import java.math.BigInteger;
import java.util.Locale;

/**
 * The train/validation/test split, decided per FILE from a hash of the seed and the file's repository-relative
 * path: every unit of a file lands in the same split (no leakage of a file's helpers across splits), and a rerun,
 * or a run on a grown repository, keeps each file where it was.
 *
 * @param train      share of train, in percent-like weights ({@code 90/5/5})
 * @param validation weight of validation
 * @param test       weight of test
 * @param seed       mixed into the hash; another seed gives another (equally stable) split
 */
public record Splits(int train, int validation, int test, long seed) {
    public static final String TRAIN = "train";
    public static final String VALIDATION = "validation";
    public static final String TEST = "test";

    public Splits {
        if (train < 0 || validation < 0 || test < 0 || train + validation + test == 0) {
            throw new IllegalArgumentException("split weights must be non-negative and not all zero");
        }
    }

    /** Parses {@code "90/5/5"} (three weights; they need not add up to 100). */
    public static Splits parse(String spec, long seed) {
        String[] parts = spec.strip().split("/");
        if (parts.length != 3) {
            throw new IllegalArgumentException("--split needs three weights TRAIN/VALIDATION/TEST like 90/5/5, got '"
                    + spec + "'");
        }
        try {
            return new Splits(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()),
                    Integer.parseInt(parts[2].strip()), seed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--split weights must be whole numbers like 90/5/5, got '" + spec + "'");
        }
    }

    /** The split of every unit in the file at {@code path}. */
    public String of(String path) {
        String hex = UnitExtractor.sha256(seed + ":" + path).substring(0, 15);
        long total = (long) train + validation + test;
        long bucket = new BigInteger(hex, 16).mod(BigInteger.valueOf(total)).longValue();
        if (bucket < train) {
            return TRAIN;
        }
        return bucket < (long) train + validation ? VALIDATION : TEST;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d/%d/%d seed %d", train, validation, test, seed);
    }
}
