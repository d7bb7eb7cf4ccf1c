package dev.lossforge.service.proposer.llm;

import dev.lossforge.service.web.FieldError;
import dev.lossforge.service.web.InvalidRequestException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The LLM settings of one campaign: its {@code proposerConfig} as the creation request gives it,
 * completed with the service's defaults ({@code lossforge.llm.*}) and stored complete, so that a
 * campaign keeps its model, budgets and prices when the defaults change. It holds the NAME of the
 * environment variable with the API key, never a key.
 *
 * @param settings          model, repair turns, concurrency, context bound and budgets
 * @param price             the model's price, or {@code null} when it has none (no cost is recorded)
 * @param parentProbability chance that a proposal is asked to improve one of the best candidates
 *                          instead of proposing freely
 */
record LlmCampaignConfig(LlmProposerSettings settings, ModelPrice price, double parentProbability) {

    static final String PREFIX = "proposerConfig.";
    static final double DEFAULT_PARENT_PROBABILITY = 0.5;

    /** The settings a campaign may give, in the order they are stored. */
    static final List<String> KEYS = List.of("provider", "baseUrl", "model", "temperature", "maxOutputTokens",
            "timeoutSeconds", "apiKeyEnv", "maxRepairTurns", "concurrency", "maxPromptTokens", "tokenBudget",
            "costBudgetUsd", "price", "parentProbability");

    /** Names a caller may use for the key itself, which is never accepted. */
    private static final Set<String> KEY_NAMES = Set.of("apikey", "api_key", "api-key", "key", "token", "secret",
            "password", "authorization");

    LlmCampaignConfig {
        Objects.requireNonNull(settings, "settings");
        if (!(parentProbability >= 0 && parentProbability <= 1)) {
            throw new LlmConfigurationException("parentProbability", "must be between 0 and 1, got " + parentProbability);
        }
        if (settings.budget().maxCostUsd() != null && price == null) {
            throw new LlmConfigurationException("costBudgetUsd", "model " + settings.model().modelName()
                    + " has no price, so its cost cannot be counted: give proposerConfig.price "
                    + "{\"inputPerMillion\": ..., \"outputPerMillion\": ...} or configure lossforge.llm.prices["
                    + settings.model().modelName() + "]");
        }
    }

    /**
     * Reads a campaign's settings over the defaults.
     *
     * @param prices the configured prices, used when the campaign gives none for its model
     * @throws InvalidRequestException naming every setting at fault as {@code proposerConfig.KEY}
     *                                 (the value of a setting is never echoed where it could be a key)
     */
    static LlmCampaignConfig parse(Map<String, Object> config, LlmProposerSettings defaults, PriceTable prices) {
        Reader in = new Reader(config == null ? Map.of() : config);
        String provider = in.text("provider");
        String baseUrl = in.text("baseUrl");
        String model = in.text("model");
        Double temperature = in.number("temperature");
        Integer maxOutputTokens = in.whole("maxOutputTokens", 1, 1_000_000);
        Double timeoutSeconds = in.number("timeoutSeconds");
        String apiKeyEnv = in.text("apiKeyEnv");
        Integer maxRepairTurns = in.whole("maxRepairTurns", 0, 10);
        Integer concurrency = in.whole("concurrency", 1, 64);
        Integer maxPromptTokens = in.whole("maxPromptTokens", 500, 10_000_000);
        Long tokenBudget = in.wholeLong("tokenBudget", 1, Long.MAX_VALUE);
        Double costBudget = in.number("costBudgetUsd");
        ModelPrice price = in.price("price");
        Double parentProbability = in.number("parentProbability");
        in.rejectUnknown();
        in.failIfAny();
        try {
            LlmProposerSettings settings = new LlmOverrides(provider, baseUrl, model, temperature, maxOutputTokens,
                    timeoutSeconds, apiKeyEnv, maxRepairTurns, concurrency, maxPromptTokens, tokenBudget,
                    costBudget == null ? null : BigDecimal.valueOf(costBudget)).applyTo(defaults);
            ModelPrice effectivePrice = price != null ? price : prices.priceOf(settings.model().modelName()).orElse(null);
            return new LlmCampaignConfig(settings, effectivePrice,
                    parentProbability != null ? parentProbability : DEFAULT_PARENT_PROBABILITY);
        } catch (LlmConfigurationException e) {
            throw invalid(e);
        }
    }

    /** A configuration problem as a 422 naming {@code proposerConfig.FIELD}. */
    static InvalidRequestException invalid(LlmConfigurationException e) {
        String field = e.field().equals("timeout") ? "timeoutSeconds" : e.field();
        String prefix = field + ": ";
        String message = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        return new InvalidRequestException(PREFIX + field, message);
    }

    /** The complete settings as the campaign stores and shows them: every key, defaults filled in. */
    Map<String, Object> toMap() {
        ModelSettings model = settings.model();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("provider", model.provider().id());
        out.put("baseUrl", model.effectiveBaseUrl());
        out.put("model", model.modelName());
        out.put("temperature", model.temperature());
        out.put("maxOutputTokens", model.maxOutputTokens());
        long millis = model.timeout().toMillis();
        out.put("timeoutSeconds", millis % 1000 == 0 ? (Object) (millis / 1000) : (Object) (millis / 1000.0));
        if (model.effectiveApiKeyEnv() != null) {
            out.put("apiKeyEnv", model.effectiveApiKeyEnv());
        }
        out.put("maxRepairTurns", settings.maxRepairTurns());
        out.put("concurrency", settings.concurrency());
        out.put("maxPromptTokens", settings.context().maxPromptTokens());
        if (settings.budget().maxTokens() != null) {
            out.put("tokenBudget", settings.budget().maxTokens());
        }
        if (settings.budget().maxCostUsd() != null) {
            out.put("costBudgetUsd", settings.budget().maxCostUsd());
        }
        if (price != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("inputPerMillion", price.inputPerMillion());
            p.put("outputPerMillion", price.outputPerMillion());
            out.put("price", p);
        }
        out.put("parentProbability", parentProbability);
        return out;
    }

    /** The process-wide environment with this campaign's price as the only one. */
    LlmEnvironment environment(LlmEnvironment base) {
        PriceTable table = price == null ? PriceTable.none()
                : new PriceTable(Map.of(settings.model().modelName(), price));
        return new LlmEnvironment(base.promptsDir(), base.retry(), table);
    }

    /** Reads typed values from the request's map, collecting every error instead of stopping at the first. */
    private static final class Reader {
        private final Map<String, Object> config;
        private final List<FieldError> errors = new ArrayList<>();

        Reader(Map<String, Object> config) {
            this.config = config;
        }

        String text(String key) {
            Object value = config.get(key);
            if (value == null) {
                return null;
            }
            if (!(value instanceof String s)) {
                errors.add(new FieldError(PREFIX + key, "must be a string"));
                return null;
            }
            return s.trim();
        }

        Double number(String key) {
            Object value = config.get(key);
            if (value == null) {
                return null;
            }
            if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                errors.add(new FieldError(PREFIX + key, "must be a number, got " + describe(value)));
                return null;
            }
            return n.doubleValue();
        }

        Integer whole(String key, int min, int max) {
            Long value = wholeLong(key, min, max);
            return value == null ? null : value.intValue();
        }

        Long wholeLong(String key, long min, long max) {
            Object value = config.get(key);
            if (value == null) {
                return null;
            }
            if (!(value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof BigInteger
                    || (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                    && Math.abs(n.doubleValue()) < 9e15))) {
                errors.add(new FieldError(PREFIX + key, "must be a whole number, got " + describe(value)));
                return null;
            }
            Number n = (Number) value;
            if (n instanceof BigInteger big && big.bitLength() > 63) {
                errors.add(new FieldError(PREFIX + key, "must be between " + min + " and " + max + ", got " + n));
                return null;
            }
            long v = n.longValue();
            if (v < min || v > max) {
                errors.add(new FieldError(PREFIX + key, "must be between " + min + " and " + max + ", got " + v));
                return null;
            }
            return v;
        }

        ModelPrice price(String key) {
            Object value = config.get(key);
            if (value == null) {
                return null;
            }
            if (!(value instanceof Map<?, ?> map)) {
                errors.add(new FieldError(PREFIX + key, "must be an object {\"inputPerMillion\": 0.40, "
                        + "\"outputPerMillion\": 1.60} (US dollars per million tokens)"));
                return null;
            }
            BigDecimal input = null;
            BigDecimal output = null;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String name = String.valueOf(entry.getKey());
                Object v = entry.getValue();
                if (!name.equals("inputPerMillion") && !name.equals("outputPerMillion")) {
                    errors.add(new FieldError(PREFIX + key + "." + name, "unknown field (known: inputPerMillion, "
                            + "outputPerMillion)"));
                } else if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0) {
                    errors.add(new FieldError(PREFIX + key + "." + name, "must be a number of dollars of at least 0"));
                } else if (name.equals("inputPerMillion")) {
                    input = new BigDecimal(n.toString());
                } else {
                    output = new BigDecimal(n.toString());
                }
            }
            for (String half : List.of("inputPerMillion", "outputPerMillion")) {
                if (!map.containsKey(half)) {
                    errors.add(new FieldError(PREFIX + key + "." + half, "is required"));
                }
            }
            return input == null || output == null ? null : new ModelPrice(input, output);
        }

        void rejectUnknown() {
            for (String key : config.keySet()) {
                if (KEYS.contains(key)) {
                    continue;
                }
                if (KEY_NAMES.contains(key.toLowerCase(Locale.ROOT))) {
                    // the value is never repeated: it may be the key
                    errors.add(new FieldError(PREFIX + key, "API keys are never accepted in a campaign (they would "
                            + "be stored and shown): put the key in an environment variable of the service and name "
                            + "that variable in proposerConfig.apiKeyEnv"));
                } else {
                    errors.add(new FieldError(PREFIX + key, "unknown setting (known: " + String.join(", ", KEYS) + ")"));
                }
            }
        }

        void failIfAny() {
            if (!errors.isEmpty()) {
                throw new InvalidRequestException(errors);
            }
        }

        private static String describe(Object value) {
            if (value instanceof Map) {
                return "an object";
            }
            if (value instanceof List) {
                return "a list";
            }
            if (value instanceof String) {
                return "a string";
            }
            return String.valueOf(value);
        }
    }
}
