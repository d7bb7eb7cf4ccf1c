package dev.lossforge.loss.builtin;

import dev.lossforge.loss.BatchValues;

import java.util.function.Function;

import static dev.lossforge.loss.builtin.Plain.ell;
import static dev.lossforge.loss.builtin.Plain.hinge;
import static dev.lossforge.loss.builtin.Plain.sigmoid;

/**
 * The 25 losses of LOSSES.md written again in plain doubles, one pair at a time where the loss
 * is per pair and over whole arrays where it uses batch statistics. These are the independent
 * numbers the DJL classes are checked against.
 */
final class PlainLosses {

    private PlainLosses() {
    }

    /** One pair's inputs, with the derived log-ratios. */
    record Pair(double aw, double al, double rw, double rl, double lw, double ll,
                double softLabel, double rewardW, double rewardL, double beta) {
        double hw() {
            return aw - rw;
        }

        double hl() {
            return al - rl;
        }

        double delta() {
            return hw() - hl();
        }

        double x() {
            return beta * delta();
        }
    }

    interface PairLoss {
        double value(Pair p);
    }

    /** The reference implementation of the loss called {@code name}. */
    static Function<BatchValues, double[]> of(String name) {
        return switch (name) {
            case "dpo" -> perPair(p -> ell(p.x()));
            case "robust-dpo" -> perPair(p -> (0.9 * ell(p.x()) - 0.1 * ell(-p.x())) / 0.8);
            case "cdpo" -> perPair(p -> 0.9 * ell(p.x()) + 0.1 * ell(-p.x()));
            case "ipo" -> perPair(p -> square(p.hw() / p.lw() - p.hl() / p.ll() - 1 / (2 * p.beta())));
            case "hinge" -> perPair(p -> hinge(p.x()));
            case "exo" -> perPair(p -> {
                double eps = 1e-3;
                return sigmoid(p.x()) * (Plain.logSigmoid(p.x()) - Math.log(1 - eps))
                        + sigmoid(-p.x()) * (Plain.logSigmoid(-p.x()) - Math.log(eps));
            });
            case "nca" -> perPair(p -> ell(p.beta() * p.hw()) + 0.5 * ell(-p.beta() * p.hw())
                    + 0.5 * ell(-p.beta() * p.hl()));
            case "bco" -> perPair(p -> ell(p.beta() * p.hw()) + ell(-p.beta() * p.hl()));
            case "sppo-hard" -> perPair(p -> square(p.hw() - 1 / (2 * p.beta())) + square(p.hl() + 1 / (2 * p.beta())));
            case "apo-zero" -> perPair(p -> (1 - sigmoid(p.beta() * p.hw())) + sigmoid(p.beta() * p.hl()));
            case "apo-down" -> perPair(p -> sigmoid(p.beta() * p.hw()) + (1 - sigmoid(p.x())));
            case "cal-dpo" -> perPair(p -> ell(p.delta()) + square(p.hw() - 1 / (2 * p.beta()))
                    + square(p.hl() + 1 / (2 * p.beta())));
            case "rpo" -> perPair(p -> ell(p.x()) - 0.005 * p.beta() * p.aw());
            case "gpo" -> perPair(p -> ell(p.beta() * (2 * p.softLabel() - 1) * p.delta()));
            case "simpo" -> perPair(p -> ell(p.beta() * (p.aw() / p.lw() - p.al() / p.ll()) - 0.5 * p.beta()));
            case "cpo" -> perPair(p -> ell(p.beta() * (p.aw() - p.al())) + 1.0 * (-p.aw() / p.lw()));
            case "orpo" -> perPair(p -> -p.aw() / p.lw() + 0.1 * ell(logOdds(p.aw() / p.lw()) - logOdds(p.al() / p.ll())));
            case "ddo-rm" -> v -> ddoRm(v, null);
            case "lrml" -> perPair(p -> {
                double x = p.x();
                double g = x / 0.05;
                // σ(g)·e^(−x) rewritten so that no exponent is positive and large
                double gatedExp = g >= 0 ? Math.exp(-x) / (1 + Math.exp(-g)) : Math.exp(g - x) / (1 + Math.exp(g));
                return (1 - sigmoid(g)) * ell(x) + gatedExp;
            });
            case "cell" -> perPair(p -> 0.5 * ell(p.x()) + 0.5 * Math.exp(-p.x()));
            case "padll" -> perPair(p -> 0.9 * (1 - 0.5 * (p.delta() < 0 ? 1 : 0)) * ell(p.x()));
            case "pfl" -> perPair(p -> p.aw() > p.al() ? 0.5 * ell(p.x()) : 2 * hinge(p.x()));
            case "aql" -> PlainLosses::aql;
            case "aqfl" -> PlainLosses::aqfl;
            case "dbaql" -> PlainLosses::dbaql;
            default -> throw new IllegalArgumentException("no reference implementation for " + name);
        };
    }

    static Pair pair(BatchValues v, int i) {
        return new Pair(v.policyChosenLogps()[i], v.policyRejectedLogps()[i], v.referenceChosenLogps()[i],
                v.referenceRejectedLogps()[i], v.chosenLengths()[i], v.rejectedLengths()[i],
                v.softLabel() == null ? 1.0 : v.softLabel()[i],
                v.rewardChosen() == null ? Double.NaN : v.rewardChosen()[i],
                v.rewardRejected() == null ? Double.NaN : v.rewardRejected()[i], v.beta());
    }

    static Function<BatchValues, double[]> perPair(PairLoss loss) {
        return v -> {
            double[] out = new double[v.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = loss.value(pair(v, i));
            }
            return out;
        };
    }

    /**
     * DDO-RM with K = 2, written for general K: log-sum-exp softmaxes, the centred reward
     * update, cross-entropy. {@code frozenTargets[i]} replaces pair i's target distribution q
     * (to take derivatives with q held fixed, as the loss does); null computes it.
     */
    static double[] ddoRm(BatchValues v, double[][] frozenTargets) {
        double eta = 1.0;
        double tau = 1.0;
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            Pair p = pair(v, i);
            double[] s = {p.aw() / p.lw(), p.al() / p.ll()};
            double[] r = {p.rewardW(), p.rewardL()};
            double[] logP = logSoftmax(new double[] {s[0] / tau, s[1] / tau});
            double baseline = Math.exp(logP[0]) * r[0] + Math.exp(logP[1]) * r[1];
            double[] q = frozenTargets != null ? frozenTargets[i] : targets(s, r, baseline, eta, tau);
            out[i] = -(q[0] * logP[0] + q[1] * logP[1]);
        }
        return out;
    }

    /** Each pair's target distribution q of DDO-RM at {@code v}. */
    static double[][] ddoRmTargets(BatchValues v) {
        double[][] q = new double[v.size()][];
        for (int i = 0; i < q.length; i++) {
            Pair p = pair(v, i);
            double[] s = {p.aw() / p.lw(), p.al() / p.ll()};
            double[] r = {p.rewardW(), p.rewardL()};
            double[] logP = logSoftmax(new double[] {s[0], s[1]});
            double baseline = Math.exp(logP[0]) * r[0] + Math.exp(logP[1]) * r[1];
            q[i] = targets(s, r, baseline, 1.0, 1.0);
        }
        return q;
    }

    private static double[] targets(double[] s, double[] r, double baseline, double eta, double tau) {
        double[] logQ = logSoftmax(new double[] {(s[0] + eta * (r[0] - baseline)) / tau,
                (s[1] + eta * (r[1] - baseline)) / tau});
        return new double[] {Math.exp(logQ[0]), Math.exp(logQ[1])};
    }

    private static double[] logSoftmax(double[] t) {
        double max = Math.max(t[0], t[1]);
        double lse = max + Math.log(Math.exp(t[0] - max) + Math.exp(t[1] - max));
        return new double[] {t[0] - lse, t[1] - lse};
    }

    private static double[] xs(BatchValues v) {
        double[] x = new double[v.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pair(v, i).x();
        }
        return x;
    }

    private static double[] scaled(double[] x, double tau) {
        double[] z = new double[x.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = x[i] / tau;
        }
        return z;
    }

    static double[] aql(BatchValues v) {
        double[] x = xs(v);
        double[] z = scaled(x, 0.05);
        double m = 0.5 + 0.01 * (sigmoid(Plain.mean(z)) - 0.5);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double q = sigmoid(-(z[i] - m));
            out[i] = q * ell(x[i]) + (1 - q) * hinge(x[i]);
        }
        return out;
    }

    static double[] aqfl(BatchValues v) {
        double[] x = xs(v);
        double[] z = scaled(x, 0.05);
        double[] sigmoidNegZ = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            sigmoidNegZ[i] = sigmoid(-z[i]);
        }
        double m1 = Math.sqrt(Plain.variance(z)) * Plain.mean(sigmoidNegZ);
        double m2 = m1 + 0.05 * (sigmoid(Plain.mean(z)) - m1);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double r = sigmoid(0.1 * Math.abs(z[i] - m2));
            out[i] = r * ell(x[i]) + (1 - r) * hinge(x[i]);
        }
        return out;
    }

    static double[] dbaql(BatchValues v) {
        double[] x = xs(v);
        double var = Plain.variance(scaled(x, 0.05));
        double w = sigmoid(var);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            // (1 − w)·e^(−0.9x) = e^(−0.9x) / (1 + e^var), rearranged so e^var is never formed
            double exponential = Math.exp(-var - 0.9 * x[i]) / (1 + Math.exp(-var));
            out[i] = w * ell(x[i] / 0.9) + exponential;
        }
        return out;
    }

    private static double logOdds(double meanLogp) {
        return meanLogp - Plain.log1mexp(Math.min(meanLogp, -1e-6));
    }

    private static double square(double x) {
        return x * x;
    }
}
