package dev.lossforge.cli;

import dev.lossforge.loss.BuiltinLoss;
import dev.lossforge.loss.BuiltinLosses;
import tools.jackson.databind.node.ArrayNode;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code losses [--json]}: the built-in losses with one-line descriptions. */
final class LossesCommand implements Command {

    @Override
    public String name() {
        return "losses";
    }

    @Override
    public String summary() {
        return "list the built-in losses with one-line descriptions (--json for JSON)";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args args = Args.parse(argv, Set.of("json")).allowOnly(Set.of("json"));
        if (args.flag("json")) {
            ArrayNode losses = CliJson.MAPPER.createArrayNode();
            for (BuiltinLoss loss : BuiltinLosses.all()) {
                losses.addObject()
                        .put("name", loss.name())
                        .put("summary", loss.summary())
                        .put("paper", loss.paper())
                        .put("referenceFree", loss.referenceFree())
                        .put("batchStatistics", loss.batchStatistics())
                        .put("needsRewards", loss.needsRewards())
                        .put("class", loss.type().getName());
            }
            CliJson.print(out, losses);
            return 0;
        }
        for (BuiltinLoss loss : BuiltinLosses.all()) {
            out.printf("%-11s %s%n", loss.name(), loss.summary());
        }
        return 0;
    }
}
