package dev.lossforge.cli;

import dev.lossforge.loss.BatchValues;
import dev.lossforge.loss.LossProbe;
import dev.lossforge.loss.MissingInputException;
import dev.lossforge.loss.ProbeResult;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code loss-eval --loss NAME|FILE.java|EXPORT.jar[#NAME] --beta B --input BATCH.json}: per-pair losses and their
 * gradients with respect to the four log-probability inputs, in float64.
 */
final class LossEvalCommand implements Command {

    @Override
    public String name() {
        return "loss-eval";
    }

    @Override
    public String summary() {
        return "per-pair losses and input gradients of a batch: --loss NAME|FILE.java|EXPORT.jar[#NAME] --beta B"
                + " --input BATCH.json";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args args = Args.parse(argv, Set.of()).allowOnly(Set.of("loss", "beta", "input"));
        LossArgument loss = LossArgument.resolve(args.required("loss"));
        double beta = CliJson.beta(args);
        String input = args.required("input");
        BatchValues batch = BatchFile.read(Path.of(input), beta);
        ProbeResult result;
        try {
            result = LossProbe.probe(loss.loss(), batch);
        } catch (MissingInputException e) {
            throw new CliException(input + ": " + e.getMessage());
        }
        double sum = 0;
        for (double value : result.losses()) {
            sum += value;
        }
        ObjectNode document = CliJson.object();
        document.put("loss", loss.label());
        document.put("beta", beta);
        document.put("pairs", batch.size());
        if (loss.builtin() != null) {
            document.put("batchStatistics", loss.builtin().batchStatistics());
        }
        document.set("losses", CliJson.array(result.losses()));
        document.put("meanLoss", sum / batch.size());
        ObjectNode gradients = document.putObject("gradients");
        gradients.set("policyChosenLogps", CliJson.array(result.gradPolicyChosen()));
        gradients.set("policyRejectedLogps", CliJson.array(result.gradPolicyRejected()));
        gradients.set("referenceChosenLogps", CliJson.array(result.gradReferenceChosen()));
        gradients.set("referenceRejectedLogps", CliJson.array(result.gradReferenceRejected()));
        document.put("gradientsOf", "the sum of the per-pair losses");
        CliJson.print(out, document);
        return 0;
    }
}
