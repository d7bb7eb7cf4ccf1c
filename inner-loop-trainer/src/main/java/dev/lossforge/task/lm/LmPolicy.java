package dev.lossforge.task.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.lossforge.train.PolicyModel;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link CausalLm} as the trainer's policy: the chosen and rejected sequences of the requested
 * pairs go through one forward pass together (twice the rows, so larger matrix products), and
 * the summed response log-probabilities come back split in two.
 */
public final class LmPolicy implements PolicyModel {

    private final SequenceScorer scorer;
    private final List<TokenSequence> chosen;
    private final List<TokenSequence> rejected;

    public LmPolicy(SequenceScorer scorer, List<TokenSequence> chosen, List<TokenSequence> rejected) {
        if (chosen.size() != rejected.size()) {
            throw new IllegalArgumentException(chosen.size() + " chosen but " + rejected.size() + " rejected sequences");
        }
        this.scorer = scorer;
        this.chosen = List.copyOf(chosen);
        this.rejected = List.copyOf(rejected);
    }

    @Override
    public Block block() {
        return scorer.lm();
    }

    @Override
    public NDList pairLogps(ParameterStore parameters, NDManager manager, int[] pairIndices) {
        List<TokenSequence> sequences = new ArrayList<>(2 * pairIndices.length);
        for (int i : pairIndices) {
            sequences.add(chosen.get(i));
        }
        for (int i : pairIndices) {
            sequences.add(rejected.get(i));
        }
        NDArray logps = scorer.responseLogps(parameters, manager, sequences, true);
        int b = pairIndices.length;
        return new NDList(logps.get("0:" + b), logps.get(b + ":"));
    }
}
