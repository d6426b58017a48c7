package dev.pyassist.validator;

import dev.pyassist.diagnostics.Finding;
import java.util.Locale;
import java.util.Map;

/** The hover text that explains a validator finding. */
public final class ValidatorHover {
    private ValidatorHover() {}

    public static String markdown(Finding f, ValidatorArtifact artifact) {
        if (artifact.tokenLevel()) {
            return tokenLevel(f, artifact);
        }
        String label = String.valueOf(f.data().getOrDefault("kind", "suspicious"));
        StringBuilder sb = new StringBuilder();
        sb.append("**").append(artifact.shortMessage(label)).append("** (pyassist validator, `")
                .append(f.code()).append("`)\n\n");
        sb.append(String.format(Locale.ROOT,
                "The neural validator puts the chance that this code holds a bug at **%.2f** (reported from %.2f)."
                        + " It points at these tokens as where the bug most likely is; its best guess at the"
                        + " kind is *%s*: %s.\n\n",
                num(f.data().get("confidence")), num(f.data().get("threshold")), label.replace('_', ' '),
                artifact.longMessage(label)));
        Object repair = f.data().get("repair");
        if (repair instanceof Map<?, ?> r) {
            sb.append("Suggested repair: ").append(r.get("title")).append(" (a quick fix).\n\n");
        }
        sb.append("This is a statistical judgement (").append(artifact.description())
                .append("), not a proof. To silence it on this line add `# pyassist: ignore`;"
                        + " to see fewer or more of these, change `validator.sensitivity` (-1..1).");
        return sb.toString();
    }

    /** Format 2: which token, how sure, what the repair head would put there, and how to act on it. */
    private static String tokenLevel(Finding f, ValidatorArtifact artifact) {
        StringBuilder sb = new StringBuilder();
        String headline = f.message().replaceFirst("\\s*\\(validator, [0-9.]+\\)$", "");
        sb.append("**").append(headline).append("** (pyassist validator, `").append(f.code()).append("`)\n\n");
        boolean swap = ValidatorKind.SWAPPED_ARGUMENTS.code().equals(f.code());
        sb.append(String.format(Locale.ROOT, swap
                ? "The neural validator reads every token; it puts the chance that these two arguments were"
                        + " changed from what the code meant at **%.2f** (a warning from %.2f)."
                : "The neural validator reads every token; it puts the chance that this one was changed from"
                        + " what the code meant at **%.2f** (a warning from %.2f).",
                num(f.data().get("confidence")), num(f.data().get("threshold"))));
        if (f.data().get("alternatives") instanceof java.util.List<?> alts && !alts.isEmpty()) {
            sb.append(" Its repair head's guesses for the original token:");
            String sep = " ";
            for (Object a : alts) {
                if (a instanceof Map<?, ?> m) {
                    String text = String.valueOf(m.get("text"));
                    sb.append(sep).append(text.isEmpty() ? "*(delete it)*" : "`" + text + "`")
                            .append(String.format(Locale.ROOT, " %.2f", num(m.get("probability"))));
                    if (Boolean.TRUE.equals(m.get("same"))) {
                        sb.append(" (as written)");
                    }
                    sep = ", ";
                }
            }
            sb.append('.');
        }
        sb.append("\n\n");
        Object repair = f.data().get("repair");
        if (repair instanceof Map<?, ?> r) {
            sb.append("Quick fix: ").append(r.get("title")).append(".\n\n");
        } else if (!swap) {
            sb.append("Its guesses are not a plausible replacement of the same kind, so no fix is offered.\n\n");
        }
        sb.append("This is a statistical judgement (").append(artifact.description())
                .append("), not a proof. To silence it on this line add `# pyassist: ignore`;"
                        + " to see fewer or more of these, change `validator.sensitivity` (-1..1).");
        return sb.toString();
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
