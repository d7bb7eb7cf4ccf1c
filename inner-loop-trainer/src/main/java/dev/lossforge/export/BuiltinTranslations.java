package dev.lossforge.export;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PyTorch form of each built-in loss, written by hand from LOSSES.md and the Java classes
 * (same constants, same stable forms): ℓ(z) = −log σ(z) is {@code -F.logsigmoid(z)}, 1 − σ(z) is
 * {@code torch.sigmoid(-z)}, and σ(g)·e^(−x) is {@code torch.exp(F.logsigmoid(g) - x)}, so that
 * no product 0·∞ appears where the Java class avoids it. The constants of the Java class
 * ({@code public static final double}) are defined in front of each body by {@link PyTorchExport}.
 *
 * <p>Bodies are unindented Python; they may use the four log-probability arguments, {@code beta},
 * and the extra arguments they declare.
 */
final class BuiltinTranslations {

    static final String CHOSEN_LENGTHS = "chosen_lengths";
    static final String REJECTED_LENGTHS = "rejected_lengths";
    static final String SOFT_LABEL = "soft_label";
    static final String REWARD_CHOSEN = "reward_chosen";
    static final String REWARD_REJECTED = "reward_rejected";

    /**
     * @param extras   keyword arguments beyond the DiscoPOP signature, in signature order (default None)
     * @param required those of the extras without which the loss raises ValueError
     * @param body     the function body
     */
    record Translation(List<String> extras, List<String> required, String body) {
    }

    private static final List<String> LENGTHS = List.of(CHOSEN_LENGTHS, REJECTED_LENGTHS);

    private static final String LOG_RATIOS = """
            chosen_logratios = policy_chosen_logps - reference_chosen_logps
            rejected_logratios = policy_rejected_logps - reference_rejected_logps
            """;

    private static final String LOGITS = LOG_RATIOS + """
            logits = chosen_logratios - rejected_logratios
            """;

    private static final String SCALED = LOGITS + """
            x = beta * logits
            """;

    private static final Map<String, Translation> ALL = new LinkedHashMap<>();

    static {
        plain("dpo", SCALED + """
                return -F.logsigmoid(x)
                """);
        plain("robust-dpo", SCALED + """
                return ((1 - EPSILON) * -F.logsigmoid(x) - EPSILON * -F.logsigmoid(-x)) / (1 - 2 * EPSILON)
                """);
        plain("cdpo", SCALED + """
                return (1 - EPSILON) * -F.logsigmoid(x) + EPSILON * -F.logsigmoid(-x)
                """);
        ALL.put("ipo", new Translation(LENGTHS, LENGTHS, LOG_RATIOS + """
                margin = chosen_logratios / chosen_lengths - rejected_logratios / rejected_lengths
                return (margin - 1 / (2 * beta)) ** 2
                """));
        plain("hinge", SCALED + """
                return torch.relu(1 - x)
                """);
        plain("exo", SCALED + """
                chosen_term = torch.sigmoid(x) * (F.logsigmoid(x) - math.log(1 - EPSILON))
                rejected_term = torch.sigmoid(-x) * (F.logsigmoid(-x) - math.log(EPSILON))
                return chosen_term + rejected_term
                """);
        plain("nca", LOG_RATIOS + """
                chosen = beta * chosen_logratios
                rejected = beta * rejected_logratios
                return -F.logsigmoid(chosen) - 0.5 * F.logsigmoid(-chosen) - 0.5 * F.logsigmoid(-rejected)
                """);
        plain("bco", LOG_RATIOS + """
                return -F.logsigmoid(beta * chosen_logratios) - F.logsigmoid(-beta * rejected_logratios)
                """);
        plain("sppo-hard", LOG_RATIOS + """
                target = 1 / (2 * beta)
                return (chosen_logratios - target) ** 2 + (rejected_logratios + target) ** 2
                """);
        plain("apo-zero", LOG_RATIOS + """
                return torch.sigmoid(-beta * chosen_logratios) + torch.sigmoid(beta * rejected_logratios)
                """);
        plain("apo-down", SCALED + """
                return torch.sigmoid(beta * chosen_logratios) + torch.sigmoid(-x)
                """);
        plain("cal-dpo", LOGITS + """
                target = 1 / (2 * beta)
                # no beta inside the logistic term, as in the official Cal-DPO code
                return -F.logsigmoid(logits) + (chosen_logratios - target) ** 2 + (rejected_logratios + target) ** 2
                """);
        plain("rpo", SCALED + """
                # the SFT term on the summed log-probability of the chosen response, as in the RPO code
                return -F.logsigmoid(x) - ETA * beta * policy_chosen_logps
                """);
        ALL.put("gpo", new Translation(List.of(SOFT_LABEL), List.of(), SCALED + """
                if soft_label is not None:
                    # a soft label p scales the margin by the confidence 2p - 1; without labels this is DPO
                    x = x * (2 * soft_label - 1)
                return -F.logsigmoid(x)
                """));
        ALL.put("simpo", new Translation(LENGTHS, LENGTHS, """
                margin = policy_chosen_logps / chosen_lengths - policy_rejected_logps / rejected_lengths
                return -F.logsigmoid(beta * margin - GAMMA_OVER_BETA * beta)
                """));
        ALL.put("cpo", new Translation(LENGTHS, List.of(CHOSEN_LENGTHS), """
                nll = -policy_chosen_logps / chosen_lengths
                return -F.logsigmoid(beta * (policy_chosen_logps - policy_rejected_logps)) + ALPHA * nll
                """));
        ALL.put("orpo", new Translation(LENGTHS, LENGTHS, """
                chosen_mean = policy_chosen_logps / chosen_lengths
                rejected_mean = policy_rejected_logps / rejected_lengths
                # log odds m - log(1 - e^m), with m clamped below 0 where the odds are infinite
                chosen_log_odds = chosen_mean - torch.log1p(-torch.exp(torch.clamp(chosen_mean, max=-1e-6)))
                rejected_log_odds = rejected_mean - torch.log1p(-torch.exp(torch.clamp(rejected_mean, max=-1e-6)))
                return -chosen_mean - LAMBDA * F.logsigmoid(chosen_log_odds - rejected_log_odds)
                """));
        List<String> ddoExtras = List.of(CHOSEN_LENGTHS, REJECTED_LENGTHS, REWARD_CHOSEN, REWARD_REJECTED);
        ALL.put("ddo-rm", new Translation(ddoExtras, ddoExtras, """
                chosen_score = policy_chosen_logps / chosen_lengths
                rejected_score = policy_rejected_logps / rejected_lengths
                logits = (chosen_score - rejected_score) / TAU
                # the reward-improved target q over the two responses is held fixed (no gradient)
                baseline = torch.sigmoid(logits) * reward_chosen + torch.sigmoid(-logits) * reward_rejected
                chosen_target = (chosen_score + ETA * (reward_chosen - baseline)) / TAU
                rejected_target = (rejected_score + ETA * (reward_rejected - baseline)) / TAU
                target_logits = (chosen_target - rejected_target).detach()
                return (-torch.sigmoid(target_logits) * F.logsigmoid(logits)
                        - torch.sigmoid(-target_logits) * F.logsigmoid(-logits))
                """));
        plain("lrml", SCALED + """
                gate = x / TAU
                # sigma(x/tau) * exp(-x) as exp(log sigma(x/tau) - x): finite where exp(-x) overflows
                return torch.sigmoid(-gate) * -F.logsigmoid(x) + torch.exp(F.logsigmoid(gate) - x)
                """);
        plain("cell", SCALED + """
                return LOGISTIC_WEIGHT * -F.logsigmoid(x) + (1 - LOGISTIC_WEIGHT) * torch.exp(-x)
                """);
        plain("padll", SCALED + """
                losses = SCALE * -F.logsigmoid(x)
                return torch.where(logits < 0, losses * (1 - DECAY), losses)
                """);
        plain("pfl", SCALED + """
                return torch.where(policy_chosen_logps > policy_rejected_logps,
                                   LOGISTIC_WEIGHT * -F.logsigmoid(x),
                                   HINGE_WEIGHT * torch.relu(1 - x))
                """);
        plain("aql", SCALED + """
                z = x / TAU
                # batch statistics: the gate's centre moves with the batch mean
                threshold = CENTER + ADAPT * (torch.sigmoid(z.mean()) - 0.5)
                offset = z - threshold
                return torch.sigmoid(-offset) * -F.logsigmoid(x) + torch.sigmoid(offset) * torch.relu(1 - x)
                """);
        plain("aqfl", SCALED + """
                z = x / TAU
                # batch statistics; the unbiased std with divisor max(B - 1, 1), and a zero gradient
                # through it where the spread is 0 (torch.std would give NaN there)
                variance = ((z - z.mean()) ** 2).sum() / max(z.numel() - 1, 1)
                positive = variance > 0
                spread = torch.where(positive, torch.sqrt(torch.where(positive, variance, torch.ones_like(variance))),
                                     torch.zeros_like(variance))
                first_centre = spread * torch.sigmoid(-z).mean()
                centre = first_centre + MIX * (torch.sigmoid(z.mean()) - first_centre)
                distance = SHARPNESS * torch.abs(z - centre)
                return torch.sigmoid(distance) * -F.logsigmoid(x) + torch.sigmoid(-distance) * torch.relu(1 - x)
                """);
        plain("dbaql", SCALED + """
                z = x / TAU
                # batch statistics: the unbiased variance with divisor max(B - 1, 1)
                variance = ((z - z.mean()) ** 2).sum() / max(z.numel() - 1, 1)
                logistic = torch.sigmoid(variance) * -F.logsigmoid(x / TEMPERATURE)
                # (1 - sigma(var)) * exp(-T x) as exp(log sigma(-var) - T x): no 0 * inf for wide batches
                return logistic + torch.exp(F.logsigmoid(-variance) - x * TEMPERATURE)
                """);
    }

    private BuiltinTranslations() {
    }

    private static void plain(String name, String body) {
        ALL.put(name, new Translation(List.of(), List.of(), body));
    }

    /** The translation of a built-in loss, or null. */
    static Translation of(String name) {
        return ALL.get(name);
    }

    static Iterable<String> names() {
        return ALL.keySet();
    }
}
