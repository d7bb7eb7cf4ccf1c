package dev.lossforge.service.proposer.llm;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Loss sources and model replies the tests send through the fake server. */
final class Sources {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final String DPO = """
            import ai.djl.ndarray.NDArray;
            import dev.lossforge.loss.Ops;
            import dev.lossforge.loss.PreferenceBatch;
            import dev.lossforge.loss.PreferenceLoss;

            /** DPO: softplus(-beta * rho). */
            public class TestDpo implements PreferenceLoss {
                @Override
                public NDArray compute(PreferenceBatch batch) {
                    return Ops.softplus(Ops.logRatioDifference(batch).mul(batch.beta()).neg());
                }
            }
            """;

    /** A margin loss different from DPO: softplus(-(beta * rho - MARGIN)). */
    static final String MARGIN = """
            import ai.djl.ndarray.NDArray;
            import dev.lossforge.loss.Ops;
            import dev.lossforge.loss.PreferenceBatch;
            import dev.lossforge.loss.PreferenceLoss;

            public class MarginLogistic implements PreferenceLoss {
                private static final double MARGIN = 0.5;

                @Override
                public NDArray compute(PreferenceBatch batch) {
                    NDArray x = Ops.logRatioDifference(batch).mul(batch.beta()).sub(MARGIN);
                    return Ops.softplus(x.neg());
                }
            }
            """;

    /** A tempered variant: softplus(-beta * rho / TAU). */
    static final String TEMPERED = """
            import ai.djl.ndarray.NDArray;
            import dev.lossforge.loss.Ops;
            import dev.lossforge.loss.PreferenceBatch;
            import dev.lossforge.loss.PreferenceLoss;

            public class Tempered implements PreferenceLoss {
                private static final double TAU = 2.0;

                @Override
                public NDArray compute(PreferenceBatch batch) {
                    return Ops.softplus(Ops.logRatioDifference(batch).mul(batch.beta() / TAU).neg());
                }
            }
            """;

    /** Calls a method NDArray does not have: Janino reports it at line 9. */
    static final String DOES_NOT_COMPILE = """
            import ai.djl.ndarray.NDArray;
            import dev.lossforge.loss.Ops;
            import dev.lossforge.loss.PreferenceBatch;
            import dev.lossforge.loss.PreferenceLoss;

            public class Broken implements PreferenceLoss {
                @Override
                public NDArray compute(PreferenceBatch batch) {
                    return Ops.logRatioDifference(batch).logSoftplusOf(batch.beta());
                }
            }
            """;

    /** log of a negative number: NaN for every pair. */
    static final String NAN = """
            import ai.djl.ndarray.NDArray;
            import dev.lossforge.loss.Ops;
            import dev.lossforge.loss.PreferenceBatch;
            import dev.lossforge.loss.PreferenceLoss;

            public class NanLoss implements PreferenceLoss {
                @Override
                public NDArray compute(PreferenceBatch batch) {
                    return Ops.softplus(Ops.logRatioDifference(batch)).add(1.0).neg().log();
                }
            }
            """;

    static final String PYTHON = """
            import torch
            import torch.nn.functional as F

            def log_ratio_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
                               reference_rejected_logps, beta=0.05):
                logits = (policy_chosen_logps - reference_chosen_logps) - (policy_rejected_logps - reference_rejected_logps)
                return -F.logsigmoid(beta * logits)
            """;

    private Sources() {
    }

    /** The i-th of a family of valid, behaviourally distinct losses: a logistic loss with margin i / 10. */
    static String marginLoss(int i) {
        return MARGIN.replace("MarginLogistic", "Margin" + i).replace("MARGIN = 0.5", "MARGIN = " + (i / 10.0));
    }

    /** A well-formed JSON reply. */
    static String reply(String thought, String name, String code) {
        ObjectNode node = JSON.createObjectNode();
        node.put("thought", thought);
        node.put("name", name);
        node.put("code", code);
        return JSON.writeValueAsString(node);
    }
}
