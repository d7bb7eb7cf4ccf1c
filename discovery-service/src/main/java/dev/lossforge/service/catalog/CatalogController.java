package dev.lossforge.service.catalog;

import dev.lossforge.loss.BuiltinLoss;
import dev.lossforge.loss.BuiltinLosses;
import dev.lossforge.loss.LossCurve;
import dev.lossforge.loss.LossCurvePoint;
import dev.lossforge.loss.MissingInputException;
import dev.lossforge.service.campaign.CampaignProperties;
import dev.lossforge.service.proposer.ProposerRegistry;
import dev.lossforge.service.web.ConflictException;
import dev.lossforge.service.web.InvalidRequestException;
import dev.lossforge.service.web.NotFoundException;
import dev.lossforge.task.Task;
import dev.lossforge.task.TaskConfig;
import dev.lossforge.task.TaskRegistry;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The tasks, built-in losses and proposers a campaign can be launched with: what the launch form offers. */
@RestController
class CatalogController {

    private static final int CURVE_CACHE = 64;
    private static final List<String> PROPOSERS = List.of("baselines", "evolution", "llm");

    /** {@code GET /api/losses/{name}/curve}: as a candidate's curve, for a built-in loss (DPO, drawn under every candidate's). */
    record BuiltinCurve(String name, double beta, List<LossCurvePoint> points) {
    }

    private final CampaignProperties campaigns;
    private final ProposerRegistry proposers;
    private final Map<String, BuiltinCurve> curves = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BuiltinCurve> eldest) {
            return size() > CURVE_CACHE;
        }
    };

    CatalogController(CampaignProperties campaigns, ProposerRegistry proposers) {
        this.campaigns = campaigns;
        this.proposers = proposers;
    }

    @Operation(summary = "Tasks with their variants, each variant's settings and defaults, and the primary metric")
    @GetMapping("/api/tasks")
    List<Catalog.TaskEntry> tasks() {
        List<Catalog.TaskEntry> tasks = new ArrayList<>();
        for (Task task : TaskRegistry.all()) {
            List<Catalog.Variant> variants = new ArrayList<>();
            for (String variant : task.variants()) {
                variants.add(new Catalog.Variant(variant, task.name() + ":" + variant, settings(task.defaults(variant))));
            }
            tasks.add(new Catalog.TaskEntry(task.name(), task.description(), task.primaryMetric(),
                    task.variants().get(0), variants));
        }
        return tasks;
    }

    @Operation(summary = "The built-in losses: a campaign's possible baselines")
    @GetMapping("/api/losses")
    List<Catalog.Loss> losses() {
        Set<String> defaults = new LinkedHashSet<>(campaigns.defaultBaselines());
        defaults.add("dpo");
        return BuiltinLosses.all().stream().map(l -> new Catalog.Loss(l.name(), l.summary(), l.paper(),
                l.referenceFree(), l.batchStatistics(), l.needsRewards(), defaults.contains(l.name()))).toList();
    }

    @Operation(summary = "A built-in loss and its slope over rho = -10..10",
            description = "As a candidate's curve (the trainer's loss-curve convention); beta defaults to 0.1.")
    @GetMapping("/api/losses/{name}/curve")
    BuiltinCurve curve(@PathVariable String name, @RequestParam(defaultValue = "0.1") double beta) {
        if (!(beta > 0) || !Double.isFinite(beta) || beta > 1000) {
            throw new InvalidRequestException("beta", "beta must be a finite number in (0, 1000], got " + beta);
        }
        if (!BuiltinLosses.names().contains(name)) {
            throw new NotFoundException("built-in loss '" + name + "' does not exist (known: "
                    + String.join(", ", BuiltinLosses.names()) + ")");
        }
        String key = name + "@" + beta;
        synchronized (curves) {
            BuiltinCurve cached = curves.get(key);
            if (cached != null) {
                return cached;
            }
        }
        BuiltinLoss loss = BuiltinLosses.get(name);
        BuiltinCurve curve;
        try {
            curve = new BuiltinCurve(name, beta, LossCurve.compute(loss.newInstance(), beta));
        } catch (MissingInputException e) {
            throw new ConflictException("built-in loss '" + name + "' needs an input the curve setting lacks: "
                    + e.getMessage());
        }
        synchronized (curves) {
            curves.put(key, curve);
        }
        return curve;
    }

    @Operation(summary = "The proposers, whether this build has each, and the default one")
    @GetMapping("/api/proposers")
    List<Catalog.Proposer> proposers() {
        Set<String> names = new LinkedHashSet<>(PROPOSERS);
        names.addAll(proposers.available());
        return names.stream().map(n -> new Catalog.Proposer(n, proposers.available().contains(n),
                n.equals(campaigns.defaultProposer()))).toList();
    }

    private static List<Catalog.Setting> settings(TaskConfig defaults) {
        List<Catalog.Setting> settings = new ArrayList<>();
        defaults.asMap().forEach((key, value) -> settings.add(new Catalog.Setting(key, value, type(value))));
        return settings;
    }

    private static String type(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return "integer";
        }
        if (value instanceof Double) {
            return "number";
        }
        return value instanceof Boolean ? "boolean" : "string";
    }
}
