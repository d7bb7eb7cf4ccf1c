package dev.lossforge.service.campaign;

import dev.lossforge.loss.BuiltinLosses;
import dev.lossforge.service.proposer.Proposer;
import dev.lossforge.service.proposer.ProposerRegistry;
import dev.lossforge.service.web.FieldError;
import dev.lossforge.service.web.InvalidRequestException;
import dev.lossforge.task.InvalidTaskException;
import dev.lossforge.task.ResolvedTask;
import dev.lossforge.task.TaskRegistry;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a campaign request field by field and fills in the defaults. Every problem is reported
 * at once, each naming its field as the caller wrote it ({@code seeds[2]},
 * {@code taskConfig.steps}, {@code heldOutTasks[0].task}).
 */
@Component
class CampaignRequestValidator {

    static final int MAX_NAME = 200;
    static final int MAX_HELD_OUT_TASKS = 8;
    static final int MAX_HELD_OUT_TOP = 100;
    static final double MAX_BETA = 100;
    static final double DEFAULT_BETA = 0.1;

    private final CampaignProperties properties;
    private final ProposerRegistry proposers;

    CampaignRequestValidator(CampaignProperties properties, ProposerRegistry proposers) {
        this.properties = properties;
        this.proposers = proposers;
    }

    NewCampaign validate(CreateCampaignRequest r) {
        List<FieldError> errors = new ArrayList<>();

        String name = r.name() == null ? "" : r.name().trim();
        if (name.isEmpty()) {
            errors.add(new FieldError("name", "name is required"));
        } else if (name.length() > MAX_NAME) {
            errors.add(new FieldError("name", "name is longer than " + MAX_NAME + " characters"));
        }

        Double requestedBeta = r.beta();
        if (requestedBeta != null && !(requestedBeta > 0 && requestedBeta <= MAX_BETA)) {
            errors.add(new FieldError("beta", "beta must be a number in (0, " + (int) MAX_BETA + "], got " + requestedBeta));
            requestedBeta = null;
        }

        TaskSetting discovery = null;
        double beta = requestedBeta == null ? DEFAULT_BETA : requestedBeta;
        if (r.task() == null || r.task().isBlank()) {
            errors.add(new FieldError("task", "task is required, e.g. bandit or bandit:noisy-40 (known tasks: "
                    + String.join(", ", TaskRegistry.all().stream().map(t -> t.name()).toList()) + ")"));
        } else {
            Map<String, Object> overrides = overrides(r.taskConfig(), "taskConfig", errors);
            Object configuredBeta = overrides.get("beta");
            if (requestedBeta != null && configuredBeta instanceof Number n && n.doubleValue() != requestedBeta) {
                errors.add(new FieldError("beta", "beta " + requestedBeta + " contradicts taskConfig.beta " + n));
            }
            ResolvedTask resolved = resolve(r.task(), overrides, "", errors);
            if (resolved != null) {
                if (resolved.config().has("beta")) {
                    if (requestedBeta != null) {
                        overrides.put("beta", requestedBeta);
                        resolved = resolve(r.task(), overrides, "", errors);
                    }
                    if (resolved != null) {
                        beta = resolved.config().getDouble("beta");
                    }
                }
                if (resolved != null) {
                    discovery = new TaskSetting(canonical(resolved), overrides);
                }
            }
        }

        List<TaskSetting> heldOut = new ArrayList<>();
        List<CreateCampaignRequest.HeldOutTaskRequest> heldOutRequests =
                r.heldOutTasks() == null ? List.of() : r.heldOutTasks();
        if (heldOutRequests.size() > MAX_HELD_OUT_TASKS) {
            errors.add(new FieldError("heldOutTasks", "at most " + MAX_HELD_OUT_TASKS + " held-out tasks"));
        } else {
            Set<String> seen = new HashSet<>();
            if (discovery != null) {
                seen.add(discovery.task());
            }
            for (int i = 0; i < heldOutRequests.size(); i++) {
                String prefix = "heldOutTasks[" + i + "]";
                CreateCampaignRequest.HeldOutTaskRequest h = heldOutRequests.get(i);
                if (h == null || h.task() == null || h.task().isBlank()) {
                    errors.add(new FieldError(prefix + ".task", "a held-out task needs a task name"));
                    continue;
                }
                Map<String, Object> overrides = overrides(h.taskConfig(), prefix + ".taskConfig", errors);
                ResolvedTask resolved = resolve(h.task(), overrides, prefix + ".", errors);
                if (resolved == null) {
                    continue;
                }
                if (resolved.config().has("beta") && !overrides.containsKey("beta")) {
                    overrides.put("beta", beta);
                    resolved = resolve(h.task(), overrides, prefix + ".", errors);
                    if (resolved == null) {
                        continue;
                    }
                }
                String task = canonical(resolved);
                if (!seen.add(task)) {
                    errors.add(new FieldError(prefix + ".task", task + " is already the discovery task or another "
                            + "held-out task"));
                    continue;
                }
                heldOut.add(new TaskSetting(task, overrides));
            }
        }

        int heldOutTop = r.heldOutTop() == null ? properties.heldOutTop() : r.heldOutTop();
        if (heldOutTop < 0 || heldOutTop > MAX_HELD_OUT_TOP) {
            errors.add(new FieldError("heldOutTop", "heldOutTop must be 0.." + MAX_HELD_OUT_TOP + ", got " + heldOutTop));
        }

        String proposerName = r.proposer() == null || r.proposer().isBlank()
                ? properties.defaultProposer() : r.proposer().trim();
        Map<String, Object> proposerConfig = r.proposerConfig() == null ? Map.of() : new LinkedHashMap<>(r.proposerConfig());
        try {
            Proposer proposer = proposers.require(proposerName);
            proposer.validateConfig(proposerConfig);
        } catch (InvalidRequestException e) {
            errors.addAll(e.errors());
        }

        List<String> baselines = new ArrayList<>();
        baselines.add("dpo");
        List<String> requestedBaselines = r.baselines() == null ? properties.defaultBaselines() : r.baselines();
        for (int i = 0; i < requestedBaselines.size(); i++) {
            String b = requestedBaselines.get(i) == null ? "" : requestedBaselines.get(i).trim();
            if (!BuiltinLosses.names().contains(b)) {
                errors.add(new FieldError("baselines[" + i + "]", "unknown built-in loss '" + b + "' (known: "
                        + String.join(", ", BuiltinLosses.names()) + ")"));
            } else if (!baselines.contains(b)) {
                baselines.add(b);
            }
        }

        List<Long> seeds = r.seeds() == null ? properties.defaultSeeds() : r.seeds();
        if (seeds.isEmpty()) {
            errors.add(new FieldError("seeds", "at least one seed is needed"));
        } else if (seeds.size() > properties.maxSeeds()) {
            errors.add(new FieldError("seeds", "at most " + properties.maxSeeds() + " seeds (lossforge.campaigns.max-seeds), got "
                    + seeds.size()));
        } else {
            Set<Long> distinct = new LinkedHashSet<>();
            for (int i = 0; i < seeds.size(); i++) {
                Long seed = seeds.get(i);
                if (seed == null || seed < 0) {
                    errors.add(new FieldError("seeds[" + i + "]", "a seed is a whole number of at least 0, got " + seed));
                } else if (!distinct.add(seed)) {
                    errors.add(new FieldError("seeds[" + i + "]", "seed " + seed + " is listed twice"));
                }
            }
        }

        long maxCandidates = r.maxCandidates() == null ? properties.defaultMaxCandidates() : r.maxCandidates();
        if (maxCandidates < 0 || maxCandidates > properties.maxCandidatesLimit()) {
            errors.add(new FieldError("maxCandidates", "maxCandidates must be 0.." + properties.maxCandidatesLimit()
                    + " (lossforge.campaigns.max-candidates-limit), got " + maxCandidates));
        }

        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        long randomSeed = r.randomSeed() == null ? seeds.get(0) : r.randomSeed();
        return new NewCampaign(name, discovery, heldOut, heldOutTop, proposerName, proposerConfig, baselines,
                List.copyOf(seeds), (int) maxCandidates, beta, randomSeed);
    }

    private static Map<String, Object> overrides(Map<String, Object> config, String field, List<FieldError> errors) {
        Map<String, Object> overrides = new LinkedHashMap<>();
        if (config == null) {
            return overrides;
        }
        config.forEach((key, value) -> {
            if (value == null || value instanceof Map || value instanceof List) {
                errors.add(new FieldError(field + "." + key, "a setting is a number, true/false or a string"));
            } else {
                overrides.put(key, value);
            }
        });
        return overrides;
    }

    private static ResolvedTask resolve(String spec, Map<String, Object> overrides, String prefix,
                                        List<FieldError> errors) {
        try {
            return TaskRegistry.resolve(spec.trim(), overrides);
        } catch (InvalidTaskException e) {
            errors.add(new FieldError(prefix + e.field(), e.getMessage()));
            return null;
        }
    }

    private static String canonical(ResolvedTask resolved) {
        return resolved.task().name() + ":" + resolved.variant();
    }
}
