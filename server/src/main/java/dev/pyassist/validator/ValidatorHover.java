package dev.pyassist.validator;

import dev.pyassist.diagnostics.Finding;
import java.util.Locale;
import java.util.Map;

/** The hover text that explains a validator finding. */
public final class ValidatorHover {
    private ValidatorHover() {}

    public static String markdown(Finding f, ValidatorArtifact artifact) {
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

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
