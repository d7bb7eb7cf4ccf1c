package dev.lossforge.loss;

import dev.lossforge.loss.builtin.AqflLoss;
import dev.lossforge.loss.builtin.AqlLoss;
import dev.lossforge.loss.builtin.ApoDownLoss;
import dev.lossforge.loss.builtin.ApoZeroLoss;
import dev.lossforge.loss.builtin.BcoLoss;
import dev.lossforge.loss.builtin.CalDpoLoss;
import dev.lossforge.loss.builtin.CdpoLoss;
import dev.lossforge.loss.builtin.CellLoss;
import dev.lossforge.loss.builtin.CpoLoss;
import dev.lossforge.loss.builtin.DbaqlLoss;
import dev.lossforge.loss.builtin.DdoRmLoss;
import dev.lossforge.loss.builtin.DpoLoss;
import dev.lossforge.loss.builtin.ExoLoss;
import dev.lossforge.loss.builtin.GpoLoss;
import dev.lossforge.loss.builtin.HingeLoss;
import dev.lossforge.loss.builtin.IpoLoss;
import dev.lossforge.loss.builtin.LrmlLoss;
import dev.lossforge.loss.builtin.NcaLoss;
import dev.lossforge.loss.builtin.OrpoLoss;
import dev.lossforge.loss.builtin.PadllLoss;
import dev.lossforge.loss.builtin.PflLoss;
import dev.lossforge.loss.builtin.RobustDpoLoss;
import dev.lossforge.loss.builtin.RpoLoss;
import dev.lossforge.loss.builtin.SimpoLoss;
import dev.lossforge.loss.builtin.SppoHardLoss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in loss library by name (formulas and conventions: LOSSES.md).
 *
 * <p>The order is stable and is that of LOSSES.md: the reference-based pairwise losses (DPO
 * first, the baseline of every comparison), then the reference-free ones, then the losses that
 * DiscoPOP discovered.
 */
public final class BuiltinLosses {

    private static final String DISCOPOP = "Discovering Preference Optimization Algorithms with and for Large"
            + " Language Models, Chris Lu et al., 2024, arXiv:2406.08414";
    private static final String APO = "Anchored Preference Optimization and Contrastive Revisions: Addressing"
            + " Underspecification in Alignment, Karel D'Oosterlinck et al., 2024, arXiv:2408.06266";

    private static final List<BuiltinLoss> ALL = List.of(
            pairwise("dpo", "logistic loss on the scaled log-ratio difference, -log sigmoid(beta*rho)",
                    "Direct Preference Optimization: Your Language Model is Secretly a Reward Model,"
                            + " Rafael Rafailov et al., 2023, arXiv:2305.18290", DpoLoss.class),
            pairwise("robust-dpo", "DPO de-biased for a label-flip rate eps = 0.1 (rDPO)",
                    "Provably Robust DPO: Aligning Language Models with Noisy Feedback,"
                            + " Sayak Ray Chowdhury et al., 2024, arXiv:2403.00409", RobustDpoLoss.class),
            pairwise("cdpo", "conservative DPO: DPO with label smoothing eps = 0.1",
                    "A note on DPO with noisy preferences & relationship to IPO, Eric Mitchell, 2023,"
                            + " no arXiv id (ericmitchell.ai/cdpo.pdf)", CdpoLoss.class),
            pairwise("ipo", "squared loss pulling the length-averaged log-ratio difference to 1/(2 beta)",
                    "A General Theoretical Paradigm to Understand Learning from Human Preferences,"
                            + " Mohammad Gheshlaghi Azar et al., 2023, arXiv:2310.12036", IpoLoss.class),
            pairwise("hinge", "SLiC/RSO hinge max(0, 1 - beta*rho)",
                    "Statistical Rejection Sampling Improves Preference Optimization, Tianqi Liu et al.,"
                            + " 2023, arXiv:2309.06657 (hinge from SLiC-HF, Yao Zhao et al., 2023,"
                            + " arXiv:2305.10425)", HingeLoss.class),
            pairwise("exo", "EXO pair form: reverse KL to a target smoothed by eps = 1e-3",
                    "Towards Efficient Exact Optimization of Language Model Alignment, Haozhe Ji et al.,"
                            + " 2024, arXiv:2402.00856", ExoLoss.class),
            pairwise("nca", "NCA pair form: logistic losses on each response's own log-ratio",
                    "Noise Contrastive Alignment of Language Models with Explicit Rewards,"
                            + " Huayu Chen et al., 2024, arXiv:2402.05369", NcaLoss.class),
            pairwise("bco", "BCO pair form: binary classifier, chosen -> 1 and rejected -> 0 (delta = 0)",
                    "Binary Classifier Optimization for Large Language Model Alignment,"
                            + " Seungjae Jung et al., 2024, arXiv:2404.04656", BcoLoss.class),
            pairwise("sppo-hard", "SPPO with hard labels: log-ratios pulled to +-1/(2 beta)",
                    "Self-Play Preference Optimization for Language Model Alignment, Yue Wu et al.,"
                            + " 2024, arXiv:2405.00675", SppoHardLoss.class),
            pairwise("apo-zero", "anchored PO: raise the chosen, lower the rejected likelihood", APO,
                    ApoZeroLoss.class),
            pairwise("apo-down", "anchored PO: lower the chosen, lower the rejected more", APO,
                    ApoDownLoss.class),
            pairwise("cal-dpo", "unscaled logistic loss plus rewards calibrated to +-1/(2 beta)",
                    "Cal-DPO: Calibrated Direct Preference Optimization for Language Model Alignment,"
                            + " Teng Xiao et al., 2024, arXiv:2412.14516", CalDpoLoss.class),
            pairwise("rpo", "DPO plus an SFT term on the chosen log-probability (eta = 0.005)",
                    "Provably Mitigating Overoptimization in RLHF: Your SFT Loss is Implicitly an"
                            + " Adversarial Regularizer, Zhihan Liu et al., 2024, arXiv:2405.16436", RpoLoss.class),
            pairwise("gpo", "DPO with the margin scaled by soft-label confidence 2p - 1",
                    "Geometric-Averaged Preference Optimization for Soft Preference Labels,"
                            + " Hiroki Furuta et al., 2024, arXiv:2409.06691", GpoLoss.class),
            new BuiltinLoss("simpo", "reference-free logistic loss on length-averaged log-probs, margin 0.5 beta",
                    "SimPO: Simple Preference Optimization with a Reference-Free Reward, Yu Meng et al.,"
                            + " 2024, arXiv:2405.14734", SimpoLoss.class, true, false, false),
            new BuiltinLoss("cpo", "reference-free logistic loss plus the chosen token-mean NLL",
                    "Contrastive Preference Optimization: Pushing the Boundaries of LLM Performance in"
                            + " Machine Translation, Haoran Xu et al., 2024, arXiv:2401.08417", CpoLoss.class,
                    true, false, false),
            new BuiltinLoss("orpo", "chosen token-mean NLL plus 0.1 x logistic loss on the log odds ratio",
                    "ORPO: Monolithic Preference Optimization without Reference Model, Jiwoo Hong et al.,"
                            + " 2024, arXiv:2403.07691", OrpoLoss.class, true, false, false),
            new BuiltinLoss("ddo-rm", "distils a reward-improved distribution over the pair (needs reward scores)",
                    "DDO-RM: Distribution-Level Policy Improvement after Reward Learning, Tiantian Zhang"
                            + " et al., 2026, arXiv:2604.11119", DdoRmLoss.class, true, false, true),
            discovered("lrml", "DiscoPOP: sigmoid-gated blend of logistic and exponential loss", LrmlLoss.class, false),
            discovered("cell", "half logistic, half exponential loss", CellLoss.class, false),
            discovered("padll", "logistic loss down-weighted on pairs with rho < 0", PadllLoss.class, false),
            discovered("pfl", "logistic loss where a_w > a_l, doubled hinge elsewhere", PflLoss.class, false),
            discovered("aql", "logistic/hinge gate centred by the batch mean (batch statistics)",
                    AqlLoss.class, true),
            discovered("aqfl", "logistic/hinge blend around a batch mean/std centre (batch statistics)",
                    AqflLoss.class, true),
            discovered("dbaql", "batch variance blends tempered logistic and exponential loss (batch statistics)",
                    DbaqlLoss.class, true));

    private static final Map<String, BuiltinLoss> BY_NAME = index(ALL);

    private BuiltinLosses() {
    }

    /** Every built-in loss, in the documented order. */
    public static List<BuiltinLoss> all() {
        return ALL;
    }

    /** The names, in the order of {@link #all()}. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** @throws UnknownLossException listing the known names */
    public static BuiltinLoss get(String name) {
        BuiltinLoss loss = BY_NAME.get(name);
        if (loss == null) {
            throw new UnknownLossException(name, names());
        }
        return loss;
    }

    private static BuiltinLoss pairwise(String name, String summary, String paper,
                                        Class<? extends PreferenceLoss> type) {
        return new BuiltinLoss(name, summary, paper, type, false, false, false);
    }

    private static BuiltinLoss discovered(String name, String summary, Class<? extends PreferenceLoss> type,
                                          boolean batchStatistics) {
        return new BuiltinLoss(name, summary, DISCOPOP, type, false, batchStatistics, false);
    }

    private static Map<String, BuiltinLoss> index(List<BuiltinLoss> losses) {
        Map<String, BuiltinLoss> byName = new LinkedHashMap<>();
        for (BuiltinLoss loss : losses) {
            if (byName.put(loss.name(), loss) != null) {
                throw new IllegalStateException("duplicate built-in loss name " + loss.name());
            }
        }
        return byName;
    }
}
