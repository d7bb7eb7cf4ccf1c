package lossforge.candidates;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

import static dev.lossforge.loss.Ops.*;

/** Robust DPO: [(1 - eps) l(x) - eps l(-x)] / (1 - 2 eps), x = SCALE * beta * rho. */
public class RobustDpoConstants implements PreferenceLoss {

    public static final double EPSILON = 0.1;
    private static final double SCALE = 1.0;
    static final double NORMALISER = 1.0 / (1.0 - 2 * EPSILON);
    static final int UNUSED_COUNT = 3;
    private final double margin = 0.0;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        if (batch.beta() <= 0) {
            throw new IllegalArgumentException("beta must be positive, got " + batch.beta());
        }
        NDArray x = logRatioDifference(batch).mul(SCALE * batch.beta()).sub(margin);
        NDArray forward = logSigmoid(x).neg().mul(1.0 - EPSILON);
        NDArray backward = logSigmoid(x.neg()).neg().mul(EPSILON);
        return forward.sub(backward).mul(NORMALISER);
    }
}
