package dev.pyassist.dataset;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * List prices of common hosted models, USD per million tokens (input, output), as the providers' price pages gave them
 * on {@link #DATE}. Prices change: the dry run prints the date, and {@code [tool.pyassist.dataset.prices."MODEL"]}
 * overrides any entry. A dated snapshot ({@code gpt-4o-mini-2024-07-18}, {@code claude-3-5-haiku-20241022},
 * {@code claude-3-5-sonnet-latest}) takes its model's price; other longer names ({@code gpt-4o-mini-tts}) have none.
 */
public final class ModelPrices {

    /** When the table was taken. */
    public static final LocalDate DATE = LocalDate.of(2025, 6, 1);

    private static final Map<String, DatasetSettings.Price> TABLE = Map.ofEntries(
            Map.entry("gpt-4o-mini", new DatasetSettings.Price(0.15, 0.60)),
            Map.entry("gpt-4o", new DatasetSettings.Price(2.50, 10.00)),
            Map.entry("gpt-4.1", new DatasetSettings.Price(2.00, 8.00)),
            Map.entry("gpt-4.1-mini", new DatasetSettings.Price(0.40, 1.60)),
            Map.entry("gpt-4.1-nano", new DatasetSettings.Price(0.10, 0.40)),
            Map.entry("o3-mini", new DatasetSettings.Price(1.10, 4.40)),
            Map.entry("o4-mini", new DatasetSettings.Price(1.10, 4.40)),
            Map.entry("claude-3-haiku", new DatasetSettings.Price(0.25, 1.25)),
            Map.entry("claude-3-5-haiku", new DatasetSettings.Price(0.80, 4.00)),
            Map.entry("claude-3-5-sonnet", new DatasetSettings.Price(3.00, 15.00)),
            Map.entry("claude-3-7-sonnet", new DatasetSettings.Price(3.00, 15.00)),
            Map.entry("claude-sonnet-4", new DatasetSettings.Price(3.00, 15.00)),
            Map.entry("claude-opus-4", new DatasetSettings.Price(15.00, 75.00)));

    /** What a snapshot adds to a model's name: a date ({@code -2024-07-18}, {@code -20241022}) or {@code -latest}. */
    private static final java.util.regex.Pattern SNAPSHOT =
            java.util.regex.Pattern.compile("-(?:\\d{4}-\\d{2}-\\d{2}|\\d{8}|latest)");

    private ModelPrices() {
    }

    /** The table's price for {@code model}: its own name, or the model a snapshot name belongs to. */
    public static Optional<DatasetSettings.Price> of(String model) {
        if (model == null) {
            return Optional.empty();
        }
        String m = model.toLowerCase(Locale.ROOT);
        String best = null;
        for (String name : TABLE.keySet()) {
            if ((m.equals(name) || m.startsWith(name) && SNAPSHOT.matcher(m.substring(name.length())).matches())
                    && (best == null || name.length() > best.length())) {
                best = name;
            }
        }
        return Optional.ofNullable(best == null ? null : TABLE.get(best));
    }
}
