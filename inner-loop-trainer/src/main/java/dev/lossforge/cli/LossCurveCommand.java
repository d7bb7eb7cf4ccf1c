package dev.lossforge.cli;

import dev.lossforge.loss.LossCurve;
import dev.lossforge.loss.LossCurvePoint;
import dev.lossforge.loss.MissingInputException;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code loss-curve --loss NAME|FILE.java|EXPORT.jar[#NAME] --beta B}: loss and dLoss/dρ on ρ = −10 … 10. */
final class LossCurveCommand implements Command {

    static final String CONVENTION = "rho = -10, -9.9, ..., 10 (201 points, one batch); h_w = a_w = rho,"
            + " h_l = a_l = 0, r_w = r_l = 0, lengths 1, soft label 1, no reward scores;"
            + " dLossDRho = gradient with respect to the policy chosen log-probability";

    @Override
    public String name() {
        return "loss-curve";
    }

    @Override
    public String summary() {
        return "loss and dLoss/drho on rho = -10..10: --loss NAME|FILE.java|EXPORT.jar[#NAME] --beta B";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args args = Args.parse(argv, Set.of()).allowOnly(Set.of("loss", "beta"));
        LossArgument loss = LossArgument.resolve(args.required("loss"));
        double beta = CliJson.beta(args);
        if (loss.needsRewards()) {
            throw new CliException(loss.label() + " needs reward-model scores and loss-curve has no reward scores"
                    + " (use loss-eval with rewardChosen and rewardRejected)");
        }
        List<LossCurvePoint> points;
        try {
            points = LossCurve.compute(loss.loss(), beta);
        } catch (MissingInputException e) {
            throw new CliException("loss-curve has no reward scores or other optional inputs, and " + loss.label()
                    + " needs them: " + e.getMessage());
        }
        ObjectNode document = CliJson.object();
        document.put("loss", loss.label());
        document.put("beta", beta);
        if (loss.builtin() != null) {
            document.put("batchStatistics", loss.builtin().batchStatistics());
        }
        document.put("convention", CONVENTION);
        ArrayNode array = document.putArray("points");
        for (LossCurvePoint point : points) {
            array.addObject().put("rho", point.rho()).put("loss", point.loss()).put("dLossDRho", point.dLossDRho());
        }
        CliJson.print(out, document);
        return 0;
    }
}
