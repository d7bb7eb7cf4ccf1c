package dev.lossforge.task.bandit;

import dev.lossforge.task.Seeds;

import java.util.Random;

/**
 * The contexts, their candidate responses and the hidden true reward, plus the weights of the
 * reference network, all derived from the run's seed.
 *
 * <p>A context has features x ~ N(0, I_d); each of its K responses has features z ~ N(0, I_d)
 * and a length in tokens, uniform in [minLength, maxLength]. The network sees one row per
 * (context, response): [x, z, x*z, l], l the length scaled to [-1, 1].
 *
 * <p>The reference's logit is {@code referenceScale * F(row) + lengthBias * l}: F a random tanh
 * network that ignores the length, scaled to unit spread within a context; the length term is
 * a verbosity bias the true reward does not share. The true reward is
 * {@code r* = rewardScale * (-antiCorrelation * F + sqrt(1 - antiCorrelation^2) * G)}, G an
 * independent random tanh network (the part of quality the reference knows nothing about), also
 * of unit spread within a context. So the reference leans away from good responses (and towards
 * long ones) while giving every response some probability.
 */
final class BanditWorld {

    /** Hidden units of the true reward's independent part G. */
    static final int TEACHER_UNITS = 16;

    final int responses;
    final int inputDim;
    final int hiddenUnits;
    final Split train;
    final Split eval;
    /** Reference network weights, row-major as DJL's Linear stores them ([out, in]). */
    final float[] hiddenWeight;
    final float[] hiddenBias;
    final float[] outputWeight;
    final float[] skipWeight;

    /** One set of contexts: feature rows, lengths and true rewards, K entries per context. */
    static final class Split {
        final int contexts;
        final float[] rows;
        final int[] lengths;
        final double[] trueReward;

        Split(int contexts, int responses, int inputDim) {
            this.contexts = contexts;
            this.rows = new float[contexts * responses * inputDim];
            this.lengths = new int[contexts * responses];
            this.trueReward = new double[contexts * responses];
        }
    }

    private BanditWorld(BanditSettings s, long seed) {
        responses = s.responses();
        inputDim = s.inputDim();
        hiddenUnits = s.hiddenUnits();
        Random contextRandom = new Random(Seeds.derive(seed, "bandit.contexts"));
        train = new Split(s.contexts(), responses, inputDim);
        eval = new Split(s.evalContexts(), responses, inputDim);
        fillRows(s, train, contextRandom);
        fillRows(s, eval, contextRandom);

        Random referenceRandom = new Random(Seeds.derive(seed, "bandit.reference"));
        TanhNet referenceNet = TanhNet.random(inputDim, hiddenUnits, referenceRandom);
        Random rewardRandom = new Random(Seeds.derive(seed, "bandit.reward"));
        TanhNet teacher = TanhNet.random(inputDim, TEACHER_UNITS, rewardRandom);

        double[] fTrain = referenceNet.apply(train.rows, inputDim);
        double[] fEval = referenceNet.apply(eval.rows, inputDim);
        double[] gTrain = teacher.apply(train.rows, inputDim);
        double[] gEval = teacher.apply(eval.rows, inputDim);
        // G minus its projection on F (within contexts), so that r* opposes the reference's
        // quality logit with correlation exactly -antiCorrelation instead of that plus whatever
        // two random networks share by chance; the coefficients are measured on the training
        // contexts only, so the reward is one fixed function of the features on both splits
        double projection = withinContextCovariance(gTrain, fTrain, responses)
                / withinContextCovariance(fTrain, fTrain, responses);
        for (int i = 0; i < gTrain.length; i++) {
            gTrain[i] -= projection * fTrain[i];
        }
        for (int i = 0; i < gEval.length; i++) {
            gEval[i] -= projection * fEval[i];
        }
        double fSpread = withinContextSpread(fTrain, responses);
        double gSpread = withinContextSpread(gTrain, responses);
        double rho = s.antiCorrelation();
        double independent = Math.sqrt(Math.max(0, 1 - rho * rho));
        setRewards(train, fTrain, gTrain, fSpread, gSpread, rho, independent, s.rewardScale());
        setRewards(eval, fEval, gEval, fSpread, gSpread, rho, independent, s.rewardScale());

        double outScale = s.referenceScale() / fSpread;
        hiddenWeight = toFloat(referenceNet.hiddenWeight);
        hiddenBias = toFloat(referenceNet.hiddenBias);
        outputWeight = new float[hiddenUnits];
        for (int h = 0; h < hiddenUnits; h++) {
            outputWeight[h] = (float) (referenceNet.outputWeight[h] * outScale);
        }
        skipWeight = new float[inputDim];
        skipWeight[inputDim - 1] = (float) s.lengthBias();
    }

    static BanditWorld generate(BanditSettings settings, long seed) {
        return new BanditWorld(settings, seed);
    }

    private void fillRows(BanditSettings s, Split split, Random random) {
        int d = s.featureDim();
        double[] x = new double[d];
        for (int c = 0; c < split.contexts; c++) {
            for (int i = 0; i < d; i++) {
                x[i] = random.nextGaussian();
            }
            for (int k = 0; k < responses; k++) {
                int base = (c * responses + k) * inputDim;
                for (int i = 0; i < d; i++) {
                    double z = random.nextGaussian();
                    split.rows[base + i] = (float) x[i];
                    split.rows[base + d + i] = (float) z;
                    split.rows[base + 2 * d + i] = (float) (x[i] * z);
                }
                int length = s.minLength() + random.nextInt(s.maxLength() - s.minLength() + 1);
                split.lengths[c * responses + k] = length;
                split.rows[base + 3 * d] = s.maxLength() == s.minLength() ? 0f
                        : (float) (2.0 * (length - s.minLength()) / (s.maxLength() - s.minLength()) - 1.0);
            }
        }
    }

    private void setRewards(Split split, double[] f, double[] g, double fSpread, double gSpread, double rho,
                            double independent, double scale) {
        for (int i = 0; i < split.trueReward.length; i++) {
            split.trueReward[i] = scale * (-rho * f[i] / fSpread + independent * g[i] / gSpread);
        }
    }

    /** Root-mean-square deviation of the values from their context's mean. */
    static double withinContextSpread(double[] values, int responses) {
        double spread = Math.sqrt(withinContextCovariance(values, values, responses));
        // a degenerate network (all responses alike) would divide by zero; any scale will do then
        return spread > 1e-12 ? spread : 1.0;
    }

    /** Mean product of the deviations of a and b from their context's means. */
    static double withinContextCovariance(double[] a, double[] b, int responses) {
        double sum = 0;
        int contexts = a.length / responses;
        for (int c = 0; c < contexts; c++) {
            double meanA = 0;
            double meanB = 0;
            for (int k = 0; k < responses; k++) {
                meanA += a[c * responses + k];
                meanB += b[c * responses + k];
            }
            meanA /= responses;
            meanB /= responses;
            for (int k = 0; k < responses; k++) {
                sum += (a[c * responses + k] - meanA) * (b[c * responses + k] - meanB);
            }
        }
        return sum / a.length;
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /**
     * A random one-hidden-layer tanh network over the feature rows that ignores the length
     * column: out = w2 . tanh(W1 row + b1). Weights ~ N(0, 1/fan-in), biases ~ N(0, 0.25).
     */
    static final class TanhNet {
        final int inputDim;
        final int units;
        final double[] hiddenWeight;
        final double[] hiddenBias;
        final double[] outputWeight;

        private TanhNet(int inputDim, int units) {
            this.inputDim = inputDim;
            this.units = units;
            this.hiddenWeight = new double[units * inputDim];
            this.hiddenBias = new double[units];
            this.outputWeight = new double[units];
        }

        static TanhNet random(int inputDim, int units, Random random) {
            TanhNet net = new TanhNet(inputDim, units);
            double scale = 1.0 / Math.sqrt(inputDim - 1);
            for (int h = 0; h < units; h++) {
                for (int i = 0; i < inputDim - 1; i++) {
                    net.hiddenWeight[h * inputDim + i] = random.nextGaussian() * scale;
                }
                net.hiddenBias[h] = 0.5 * random.nextGaussian();
                net.outputWeight[h] = random.nextGaussian() / Math.sqrt(units);
            }
            return net;
        }

        /** A network with the given weights (float32, as the DJL block holds them). */
        static TanhNet of(int inputDim, int units, float[] hiddenWeight, float[] hiddenBias, float[] outputWeight) {
            TanhNet net = new TanhNet(inputDim, units);
            for (int i = 0; i < hiddenWeight.length; i++) {
                net.hiddenWeight[i] = hiddenWeight[i];
            }
            for (int h = 0; h < units; h++) {
                net.hiddenBias[h] = hiddenBias[h];
                net.outputWeight[h] = outputWeight[h];
            }
            return net;
        }

        double[] apply(float[] rows, int rowDim) {
            int n = rows.length / rowDim;
            double[] out = new double[n];
            for (int r = 0; r < n; r++) {
                double sum = 0;
                for (int h = 0; h < units; h++) {
                    double a = hiddenBias[h];
                    for (int i = 0; i < inputDim; i++) {
                        a += hiddenWeight[h * inputDim + i] * rows[r * rowDim + i];
                    }
                    sum += outputWeight[h] * Math.tanh(a);
                }
                out[r] = sum;
            }
            return out;
        }
    }
}
