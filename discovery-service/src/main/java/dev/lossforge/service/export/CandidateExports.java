package dev.lossforge.service.export;

import dev.lossforge.export.CandidateInfo;
import dev.lossforge.export.ExportedLoss;
import dev.lossforge.export.LossJarWriter;
import dev.lossforge.export.NotTranslatableException;
import dev.lossforge.export.PyTorchExport;
import dev.lossforge.export.PythonExport;
import dev.lossforge.export.PythonRenderable;
import dev.lossforge.sandbox.LossRejectedException;
import dev.lossforge.service.campaign.Campaign;
import dev.lossforge.service.campaign.CampaignRepository;
import dev.lossforge.service.candidate.Candidate;
import dev.lossforge.service.candidate.CandidateStatus;
import dev.lossforge.service.job.Job;
import dev.lossforge.service.job.JobRepository;
import dev.lossforge.service.job.ResultRepository;
import dev.lossforge.service.score.Score;
import dev.lossforge.service.score.ScoreRepository;
import dev.lossforge.service.web.ConflictException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Candidates as exported JARs and PyTorch modules, with what the service knows about them. */
@Component
class CandidateExports {

    private final LossJarWriter writer = new LossJarWriter();
    private final PyTorchExport pyTorch = new PyTorchExport();
    private final CampaignRepository campaigns;
    private final ScoreRepository scores;
    private final JobRepository jobs;
    private final ResultRepository results;
    private final ObjectProvider<PythonSource> pythonSources;

    CandidateExports(CampaignRepository campaigns, ScoreRepository scores, JobRepository jobs, ResultRepository results,
                     ObjectProvider<PythonSource> pythonSources) {
        this.campaigns = campaigns;
        this.scores = scores;
        this.jobs = jobs;
        this.results = results;
        this.pythonSources = pythonSources;
    }

    /** One JAR holding the candidates in the order given (best first for a campaign's top N). */
    byte[] jar(List<Candidate> candidates, Instant exportedAt) {
        List<ExportedLoss> losses = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.status() == CandidateStatus.INVALID) {
                throw new ConflictException("candidate " + c.id() + " is INVALID (" + c.errorMessage()
                        + "): it has no compiled loss to export");
            }
            try {
                losses.add(writer.compile(c.code(), info(c)));
            } catch (LossRejectedException e) {
                throw new ConflictException("candidate " + c.id() + " no longer compiles in this service's sandbox: "
                        + e.getMessage());
            }
        }
        return writer.toBytes(losses, exportedAt);
    }

    /** The PyTorch module of a built-in loss or of a candidate whose proposer renders it. */
    PythonExport python(Candidate c) {
        PythonRenderable rendered = pythonSources.orderedStream()
                .map(source -> source.pythonFor(c.id()))
                .flatMap(Optional::stream)
                .findFirst()
                .<PythonRenderable>map(python -> () -> python)
                .orElse(null);
        try {
            return pyTorch.export(info(c), c.code(), rendered);
        } catch (NotTranslatableException e) {
            throw new NotTranslatableProblem(c.id(), e.getMessage());
        }
    }

    /** What the JAR's candidate.json says: name, hypothesis, code hash, campaign, time, and the metrics per task and seed. */
    CandidateInfo info(Candidate c) {
        Campaign campaign = campaigns.find(c.campaignId()).orElse(null);
        Map<String, Double> summary = new LinkedHashMap<>();
        put(summary, "fitnessMean", c.fitnessMean());
        put(summary, "fitnessCiLow", c.fitnessCiLow());
        put(summary, "fitnessCiHigh", c.fitnessCiHigh());
        put(summary, "seeds", c.fitnessN() == null ? null : c.fitnessN().doubleValue());
        put(summary, "deltaVsDpo", c.deltaMean());
        put(summary, "deltaVsDpoCiLow", c.deltaCiLow());
        put(summary, "deltaVsDpoCiHigh", c.deltaCiHigh());
        put(summary, "deltaVsDpoPValue", c.deltaPValue());

        Map<Long, ResultRepository.StoredResult> byJob = new HashMap<>();
        for (ResultRepository.StoredResult r : results.forCandidate(c.id())) {
            byJob.put(r.jobId(), r);
        }
        Map<String, List<CandidateInfo.SeedMetrics>> seedsByTask = new LinkedHashMap<>();
        for (Job job : jobs.forCandidate(c.id())) {
            ResultRepository.StoredResult r = byJob.get(job.id());
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (r != null && r.metrics() != null) {
                r.metrics().forEach((k, v) -> put(metrics, k, v));
            }
            if (r != null) {
                put(metrics, "fitness", r.fitness());
                put(metrics, "wallSeconds", r.wallSeconds());
            }
            String status = r != null ? r.status() : job.failureKind() != null ? job.failureKind() : job.state().name();
            seedsByTask.computeIfAbsent(job.task(), t -> new ArrayList<>())
                    .add(new CandidateInfo.SeedMetrics(job.seed(), status, metrics));
        }
        List<CandidateInfo.TaskMetrics> tasks = new ArrayList<>();
        for (Score s : scores.forCandidate(c.id())) {
            Map<String, Double> taskSummary = new LinkedHashMap<>();
            put(taskSummary, "fitnessMean", s.aggregate().mean());
            put(taskSummary, "fitnessCiLow", s.aggregate().ciLow());
            put(taskSummary, "fitnessCiHigh", s.aggregate().ciHigh());
            put(taskSummary, "seeds", (double) s.aggregate().n());
            put(taskSummary, "failedSeeds", (double) s.aggregate().failed());
            if (s.delta() != null) {
                put(taskSummary, "deltaVsDpo", s.delta().mean());
                put(taskSummary, "deltaVsDpoPValue", s.delta().pValue());
            }
            tasks.add(new CandidateInfo.TaskMetrics(s.task(), s.heldOut(), taskSummary,
                    seedsByTask.getOrDefault(s.task(), List.of())));
            seedsByTask.remove(s.task());
        }
        // tasks whose jobs have not all finished yet have no score row
        seedsByTask.forEach((task, seeds) -> tasks.add(new CandidateInfo.TaskMetrics(task,
                campaign != null && !task.equals(campaign.discovery().task()), Map.of(), seeds)));

        return new CandidateInfo(c.id(), c.name(), c.hypothesis(), c.codeHash(), c.proposer(),
                campaign == null ? null : new CandidateInfo.Campaign(campaign.id(), campaign.name()),
                c.createdAt(), new CandidateInfo.Metrics(summary, tasks));
    }

    private static void put(Map<String, Double> map, String key, Double value) {
        if (value != null && Double.isFinite(value)) {
            map.put(key, value);
        }
    }
}
