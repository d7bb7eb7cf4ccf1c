package dev.lossforge.service.score;

import dev.lossforge.service.candidate.Candidate;
import dev.lossforge.service.candidate.CandidateRepository;
import dev.lossforge.service.candidate.CandidateStatus;
import dev.lossforge.service.job.JobState;
import dev.lossforge.service.job.ResultRepository;
import dev.lossforge.service.job.ResultRepository.SeedOutcome;
import dev.lossforge.stats.Stats;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns finished jobs into a candidate's fitness on a task: mean over seeds, 95% interval, and
 * the paired difference against the campaign's DPO on the same seeds with its p-value.
 *
 * <p>Callers hold the campaign's row lock, so two results of one campaign never aggregate at the
 * same time, and DPO finishing after a candidate updates that candidate's difference too.
 */
@Component
public class Scoring {

    /** A candidate whose jobs on a task are all finished. */
    public record Finished(Candidate candidate, String task, boolean heldOut, Aggregate aggregate,
                           CandidateStatus status) {
    }

    private final ResultRepository results;
    private final ScoreRepository scores;
    private final CandidateRepository candidates;

    public Scoring(ResultRepository results, ScoreRepository scores, CandidateRepository candidates) {
        this.results = results;
        this.scores = scores;
        this.candidates = candidates;
    }

    /**
     * Aggregates the candidate on the task if all its jobs there are finished.
     *
     * @return what was finished, or empty while jobs remain
     */
    public Optional<Finished> jobFinished(long candidateId, String task, boolean heldOut) {
        List<SeedOutcome> outcomes = results.seedOutcomes(candidateId, task);
        if (outcomes.stream().anyMatch(o -> !o.state().terminal())) {
            return Optional.empty();
        }
        Candidate candidate = candidates.find(candidateId).orElseThrow();
        Map<String, Double> values = new LinkedHashMap<>();
        int failed = 0;
        SeedOutcome firstFailure = null;
        for (SeedOutcome o : outcomes) {
            if (o.state() == JobState.SUCCEEDED && o.fitness() != null) {
                values.put(Long.toString(o.seed()), o.fitness());
            } else {
                failed++;
                if (firstFailure == null) {
                    firstFailure = o;
                }
            }
        }
        Aggregate aggregate = aggregate(values, failed);
        scores.upsert(candidateId, candidate.campaignId(), task, heldOut, aggregate);
        CandidateStatus status = candidate.status();
        if (!heldOut) {
            boolean clean = failed == 0 && !values.isEmpty();
            status = clean ? CandidateStatus.EVALUATED
                    : firstFailure != null && firstFailure.state() == JobState.CANCELLED
                    ? CandidateStatus.CANCELLED : CandidateStatus.FAILED;
            String kind = clean || firstFailure == null ? null : firstFailure.failureKind();
            String message = clean || firstFailure == null ? null
                    : "seed " + firstFailure.seed() + ": " + firstFailure.failureMessage();
            candidates.finish(candidateId, status, kind, message,
                    clean ? aggregate.mean() : null, clean ? aggregate.ciLow() : null,
                    clean ? aggregate.ciHigh() : null, aggregate.n(), values);
        }
        updateDeltas(candidate, task, heldOut, failed == 0 && !values.isEmpty());
        return Optional.of(new Finished(candidate, task, heldOut, aggregate, status));
    }

    private void updateDeltas(Candidate candidate, String task, boolean heldOut, boolean clean) {
        Optional<Candidate> dpo = candidates.dpo(candidate.campaignId());
        if (dpo.isEmpty() || !clean) {
            return;
        }
        Optional<Score> dpoScore = scores.find(dpo.get().id(), task)
                .filter(s -> s.aggregate().failed() == 0 && s.aggregate().n() > 0);
        if (dpoScore.isEmpty()) {
            return;
        }
        Map<String, Double> reference = dpoScore.get().aggregate().seedValues();
        List<Score> targets = candidate.id() == dpo.get().id()
                ? scores.clean(candidate.campaignId(), task)
                : scores.find(candidate.id(), task).map(List::of).orElse(List.of());
        for (Score s : targets) {
            PairedDelta delta = pairedDelta(s.aggregate().seedValues(), reference);
            scores.setDelta(s.candidateId(), task, delta);
            if (!heldOut) {
                candidates.setDelta(s.candidateId(), delta.mean(), delta.ciLow(), delta.ciHigh(), delta.pValue(),
                        delta.n());
            }
        }
    }

    static Aggregate aggregate(Map<String, Double> values, int failed) {
        if (values.isEmpty()) {
            return new Aggregate(0, failed, null, null, null, values);
        }
        Stats.Summary summary = Stats.summarize(values.values().stream().mapToDouble(Double::doubleValue).toArray());
        return new Aggregate(summary.n(), failed, finite(summary.mean()), finite(summary.ciLow()),
                finite(summary.ciHigh()), values);
    }

    /** Candidate minus reference on the seeds both have. */
    static PairedDelta pairedDelta(Map<String, Double> candidate, Map<String, Double> reference) {
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        candidate.forEach((seed, value) -> {
            Double ref = reference.get(seed);
            if (ref != null) {
                a.add(value);
                b.add(ref);
            }
        });
        if (a.isEmpty()) {
            return new PairedDelta(0, null, null, null, null);
        }
        if (a.size() == 1) {
            return new PairedDelta(1, a.get(0) - b.get(0), null, null, null);
        }
        Stats.PairedTest test = Stats.pairedTTest(a.stream().mapToDouble(Double::doubleValue).toArray(),
                b.stream().mapToDouble(Double::doubleValue).toArray());
        return new PairedDelta(test.n(), finite(test.meanDifference()), finite(test.ciLow()), finite(test.ciHigh()),
                finite(test.pValue()));
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
