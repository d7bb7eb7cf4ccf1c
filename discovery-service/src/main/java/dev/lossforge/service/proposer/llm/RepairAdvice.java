package dev.lossforge.service.proposer.llm;

import java.util.Locale;

/**
 * Plain advice that goes with a rejection in the repair turn: what the model should do about
 * this kind of error. The error itself is always quoted exactly; this only adds to it.
 */
final class RepairAdvice {

    private RepairAdvice() {
    }

    static String forRejection(String kind, String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("nyi") || lower.contains("not implemented")) {
            return "The sandbox compiler (Janino) does not implement this Java feature: write an anonymous class "
                    + "or a private static method instead of a lambda or method reference, an explicit type instead "
                    + "of var, if/else instead of a switch expression, and an ordinary class instead of a record.";
        }
        switch (kind.toUpperCase(Locale.ROOT)) {
            case "SYNTAX":
            case "COMPILE":
                return "Fix the line and column named above; use only the methods listed in the system prompt "
                        + "(NDArray, NDArrays, Ops, PreferenceBatch) and keep everything else as it was.";
            case "UNSUPPORTED":
                return "Rewrite that construct in plain Java as the system prompt describes.";
            case "FORBIDDEN":
                return "Remove what the sandbox forbids: no loops or recursion, no fields other than static final "
                        + "double constants, text only inside throw statements and static final String constants, "
                        + "every array a [B] vector or a scalar (no reshape, concat, stack or matMul; scalars from "
                        + "batch.manager().create(x), other arrays derived from the batch), no System, threads, I/O "
                        + "or reflection; use vectorised NDArray operations.";
            case "NOT_A_LOSS":
                return "Send exactly one public class that implements dev.lossforge.loss.PreferenceLoss and has a "
                        + "public no-arg constructor, with helpers as private static methods.";
            case "NOT_JAVA":
                return "Write Java, as in the DPO example of the system prompt.";
            case "SMOKE_TEST":
                return "The loss must return shape [B] with finite values and finite gradients for any batch: use "
                        + "Ops.softplus/Ops.logSigmoid instead of log(1 + exp(x)), bound the arguments of exp "
                        + "(minimum(20.0)), never take log or sqrt of a value that can be 0 or negative, and never "
                        + "divide by a value that can be 0 (add a small constant).";
            case "TIMEOUT":
                return "The loss took too long on a small batch: compute it with a few vectorised operations.";
            default:
                return "";
        }
    }

    static String forUnusable(UnusableReplyException.Kind kind) {
        switch (kind) {
            case DUPLICATE:
                return "Propose a different loss: change the functional form (another link function, a margin, "
                        + "a weighting, a length normalisation), not only names, constants' spelling or layout.";
            case NOT_JAVA:
                return "";
            default:
                return "Answer with one JSON object and nothing else.";
        }
    }
}
