package dev.lossforge.service.candidate;

import dev.lossforge.service.campaign.CampaignRepository;
import dev.lossforge.service.job.Job;
import dev.lossforge.service.job.JobRepository;
import dev.lossforge.service.job.ResultRepository;
import dev.lossforge.service.score.Score;
import dev.lossforge.service.score.ScoreRepository;
import dev.lossforge.service.web.ConflictException;
import dev.lossforge.service.web.FieldError;
import dev.lossforge.service.web.InvalidRequestException;
import dev.lossforge.service.web.NotFoundException;
import dev.lossforge.service.web.PayloadTooLargeException;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

@RestController
class CandidateController {

    private static final int MAX_HYPOTHESIS = 4000;

    private final CandidateIntake intake;
    private final CandidateRepository candidates;
    private final CampaignRepository campaigns;
    private final JobRepository jobs;
    private final ResultRepository results;
    private final ScoreRepository scores;
    private final LossChecker checker;
    private final CandidateCurves curves;
    private final CandidateProperties properties;

    CandidateController(CandidateIntake intake, CandidateRepository candidates, CampaignRepository campaigns,
                        JobRepository jobs, ResultRepository results, ScoreRepository scores, LossChecker checker,
                        CandidateCurves curves, CandidateProperties properties) {
        this.intake = intake;
        this.candidates = candidates;
        this.campaigns = campaigns;
        this.jobs = jobs;
        this.results = results;
        this.scores = scores;
        this.checker = checker;
        this.curves = curves;
        this.properties = properties;
    }

    @Operation(summary = "Submit your own loss to a campaign",
            description = "Validated at once in the sandbox: a rejected source gives 422 with the reason, line and "
                    + "column and is stored as INVALID; a behavioural duplicate is stored as DUPLICATE; a good one is "
                    + "queued on every seed of the campaign.")
    @PostMapping("/api/campaigns/{id}/candidates")
    ResponseEntity<CandidateDetails> submit(@PathVariable long id, @RequestBody SubmitCandidateRequest request) {
        List<FieldError> errors = new ArrayList<>();
        String name = request.name() == null ? "" : request.name().trim();
        if (name.isEmpty()) {
            errors.add(new FieldError("name", "name is required"));
        } else if (name.length() > properties.maxNameLength()) {
            errors.add(new FieldError("name", "name is longer than " + properties.maxNameLength() + " characters"));
        }
        if (request.hypothesis() != null && request.hypothesis().length() > MAX_HYPOTHESIS) {
            errors.add(new FieldError("hypothesis", "hypothesis is longer than " + MAX_HYPOTHESIS + " characters"));
        }
        String code = request.code();
        if (code != null && code.getBytes(StandardCharsets.UTF_8).length > properties.maxCodeBytes()) {
            throw new PayloadTooLargeException("code", "code is " + code.getBytes(StandardCharsets.UTF_8).length
                    + " bytes; a loss may have at most " + properties.maxCodeBytes() + " bytes");
        }
        if (code == null || code.isBlank()) {
            errors.add(new FieldError("code", "code is required: one public class implementing "
                    + "dev.lossforge.loss.PreferenceLoss"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        var campaign = campaigns.find(id).orElseThrow(() -> new NotFoundException("campaign", id));
        if (campaign.status().terminal()) {
            throw new ConflictException("campaign " + id + " is " + campaign.status()
                    + "; candidates join only queued, running or paused campaigns");
        }
        CodeCheck check = checker.check(code);
        Candidate stored = intake.submit(id, new CandidateIntake.Submission(name, blankToNull(request.hypothesis()),
                        null, code, "user", false, List.of(), null, check, List.of()),
                false, CandidateIntake.PRIORITY_USER).orElseThrow();
        if (!check.valid()) {
            throw new CandidateRejectedException(stored.id(), check.rejection());
        }
        return ResponseEntity.created(URI.create("/api/candidates/" + stored.id())).body(details(stored));
    }

    @Operation(summary = "A candidate: code, hypothesis, status, error, metrics per task and seed, training curves")
    @GetMapping("/api/candidates/{id}")
    CandidateDetails get(@PathVariable long id) {
        return details(candidates.find(id).orElseThrow(() -> new NotFoundException("candidate", id)));
    }

    @Operation(summary = "The loss and its slope over rho = -10..10",
            description = "As the trainer's loss-curve command: h_w = a_w = rho, h_l = a_l = 0, at the campaign's "
                    + "beta unless beta is given.")
    @GetMapping("/api/candidates/{id}/curve")
    CandidateCurves.Curve curve(@PathVariable long id, @RequestParam(required = false) Double beta) {
        Candidate candidate = candidates.find(id).orElseThrow(() -> new NotFoundException("candidate", id));
        double b = beta != null ? beta
                : campaigns.find(candidate.campaignId()).map(c -> c.beta()).orElse(0.1);
        if (!(b > 0) || !Double.isFinite(b) || b > 1000) {
            throw new InvalidRequestException("beta", "beta must be a finite number in (0, 1000], got " + b);
        }
        return curves.curve(candidate, b);
    }

    private CandidateDetails details(Candidate c) {
        List<Job> candidateJobs = jobs.forCandidate(c.id());
        Map<Long, ResultRepository.StoredResult> byJob = results.forCandidate(c.id()).stream()
                .collect(Collectors.toMap(ResultRepository.StoredResult::jobId, Function.identity()));
        List<CandidateDetails.Run> runs = candidateJobs.stream().map(j -> {
            ResultRepository.StoredResult r = byJob.get(j.id());
            return new CandidateDetails.Run(j.id(), j.task(), j.heldOut(), j.seed(), j.state().name(), j.attempts(),
                    j.failureKind(), j.failureMessage(), r == null ? null : new CandidateDetails.Result(r.status(),
                    r.fitness(), r.metrics(), r.trainingCurve(), r.evaluations(), r.wallSeconds(), r.workerId(),
                    r.message(), r.errorLine(), r.errorColumn()));
        }).toList();
        List<CandidateDetails.TaskScore> taskScores = scores.forCandidate(c.id()).stream().map(this::taskScore).toList();
        CandidateDetails.Error error = c.errorKind() == null ? null
                : new CandidateDetails.Error(c.errorKind(), c.errorMessage(), c.errorLine(), c.errorColumn());
        return new CandidateDetails(c.id(), c.campaignId(), c.name(), c.hypothesis(), c.thought(), c.code(),
                c.codeHash(), c.proposer(), c.baseline(), c.parentIds(), candidates.children(c.id()), c.promptHash(),
                c.fingerprint(), c.duplicateOf(), c.status(), error,
                new CandidateDetails.Fitness(c.fitnessN(), c.fitnessMean(), c.fitnessCiLow(), c.fitnessCiHigh(),
                        c.seedFitness()),
                c.deltaN() == null ? null : new CandidateDetails.Delta(c.deltaN(), c.deltaMean(), c.deltaCiLow(),
                        c.deltaCiHigh(), c.deltaPValue()),
                taskScores, runs, c.createdAt(), c.startedAt(), c.finishedAt());
    }

    private CandidateDetails.TaskScore taskScore(Score s) {
        var a = s.aggregate();
        var d = s.delta();
        return new CandidateDetails.TaskScore(s.task(), s.heldOut(), a.failed(),
                new CandidateDetails.Fitness(a.n(), a.mean(), a.ciLow(), a.ciHigh(), a.seedValues()),
                d == null ? null : new CandidateDetails.Delta(d.n(), d.mean(), d.ciLow(), d.ciHigh(), d.pValue()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
