package dev.pyassist.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * {@code annotate --dry-run}: what the run would cost, before anything is sent. Input tokens are estimated as
 * {@code ceil(chars / 4)} of the system message and the filled prompt plus {@value #FRAMING_TOKENS} tokens of chat
 * framing per request (four characters a token is the usual figure for English and code with BPE vocabularies;
 * real counts are usually within 20%). Output tokens are the upper bound: every answer using its full max tokens.
 *
 * @param records      requests that would be made
 * @param inputTokens  estimated input tokens
 * @param outputTokens output tokens at most ({@code records * maxTokens})
 * @param model        the model priced
 * @param maxTokens    output limit per request
 * @param price        the model's price ({@code pyassist.dataset.prices}, else {@link ModelPrices}), or null
 * @param fromTable    whether the price came from the shipped table (whose date is printed)
 */
public record CostEstimate(int records, long inputTokens, long outputTokens, String model, int maxTokens,
        DatasetSettings.Price price, boolean fromTable) {

    public CostEstimate(int records, long inputTokens, long outputTokens, String model, int maxTokens,
            DatasetSettings.Price price) {
        this(records, inputTokens, outputTokens, model, maxTokens, price, false);
    }

    public static final int FRAMING_TOKENS = 8;

    public static CostEstimate of(List<JsonNode> todo, Annotator annotator, String model, int maxTokens,
            DatasetSettings settings) {
        long in = 0;
        for (JsonNode r : todo) {
            var request = annotator.request(r);
            long chars = request.messages().stream().mapToLong(m -> m.content().length()).sum();
            in += tokens(chars) + FRAMING_TOKENS;
        }
        // The user's price wins; else the shipped, dated table.
        DatasetSettings.Price own = settings.price(model);
        DatasetSettings.Price price = own != null ? own : ModelPrices.of(model).orElse(null);
        return new CostEstimate(todo.size(), in, (long) todo.size() * maxTokens, model, maxTokens, price,
                own == null && price != null);
    }

    static long tokens(long chars) {
        return (chars + 3) / 4;
    }

    /** Estimated cost in USD, or null without a price. */
    public Double costUsd() {
        return price == null ? null : inputTokens / 1e6 * price.input() + outputTokens / 1e6 * price.output();
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "dry run: %d requests to %s%n", records, model));
        sb.append(String.format(Locale.ROOT, "input tokens:  ~%d (chars/4 + %d per request)%n", inputTokens,
                FRAMING_TOKENS));
        sb.append(String.format(Locale.ROOT, "output tokens: <= %d (%d max tokens per request)%n", outputTokens,
                maxTokens));
        if (price == null) {
            sb.append("cost: unknown: no price for model '").append(model)
                    .append("' (set [tool.pyassist.dataset.prices.\"").append(model)
                    .append("\"] input/output, USD per million tokens)\n");
        } else {
            sb.append(String.format(Locale.ROOT, "cost: <= $%.4f (input $%.4f at $%s/M, output <= $%.4f at $%s/M)%n",
                    costUsd(), inputTokens / 1e6 * price.input(), strip(price.input()),
                    outputTokens / 1e6 * price.output(), strip(price.output())));
            if (fromTable) {
                sb.append("price: pyassist's table of list prices of ").append(ModelPrices.DATE)
                        .append("; set [tool.pyassist.dataset.prices.\"").append(model)
                        .append("\"] input/output (USD per million tokens) when it has changed\n");
            }
        }
        return sb.toString();
    }

    private static String strip(double d) {
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
