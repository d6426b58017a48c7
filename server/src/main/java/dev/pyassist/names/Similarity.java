package dev.pyassist.names;

/** Edit distance of one: one character inserted, deleted, replaced, or two neighbours swapped. */
final class Similarity {
    private Similarity() {
    }

    static boolean oneEdit(String a, String b) {
        int la = a.length();
        int lb = b.length();
        if (Math.abs(la - lb) > 1 || a.equals(b)) {
            return false;
        }
        int i = 0;
        while (i < la && i < lb && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (la == lb) {
            // replace one, or swap two neighbours
            if (a.regionMatches(i + 1, b, i + 1, la - i - 1)) {
                return true;
            }
            return i + 1 < la && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
                    && a.regionMatches(i + 2, b, i + 2, la - i - 2);
        }
        if (la > lb) {
            return a.regionMatches(i + 1, b, i, lb - i);
        }
        return b.regionMatches(i + 1, a, i, la - i);
    }
}
