package dev.lossforge.service.candidate;

import dev.lossforge.service.campaign.Campaign;
import dev.lossforge.service.campaign.CampaignRepository;
import dev.lossforge.service.event.EventLog;
import dev.lossforge.service.job.JobProperties;
import dev.lossforge.service.job.JobRepository;
import dev.lossforge.service.job.JobSignal;
import dev.lossforge.service.web.ConflictException;
import dev.lossforge.service.web.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stores a candidate: a baseline, a proposal or a user's loss, already checked by the sandbox.
 * One transaction under the campaign's row lock decides INVALID, DUPLICATE (same behavioural
 * fingerprint as a candidate already in the campaign) or QUEUED, inserts it, queues one job per
 * seed and charges the budget, so a crash never leaves half a candidate and two proposals can
 * never both claim the last unit of budget.
 */
@Service
public class CandidateIntake {

    /** Job priorities: DPO first, since every difference is taken against it. */
    public static final int PRIORITY_DPO = 100;
    public static final int PRIORITY_BASELINE = 90;
    public static final int PRIORITY_USER = 50;
    public static final int PRIORITY_HELD_OUT = 10;
    public static final int PRIORITY_PROPOSED = 0;

    /** A candidate to store. */
    public record Submission(
            String name,
            String hypothesis,
            String thought,
            String code,
            String proposer,
            boolean baseline,
            List<Long> parentIds,
            String promptHash,
            CodeCheck check,
            List<Long> llmCallIds) {

        public Submission {
            parentIds = parentIds == null ? List.of() : List.copyOf(parentIds);
            llmCallIds = llmCallIds == null ? List.of() : List.copyOf(llmCallIds);
        }
    }

    private final CandidateRepository candidates;
    private final CampaignRepository campaigns;
    private final JobRepository jobs;
    private final JobProperties jobProperties;
    private final EventLog events;
    private final JobSignal signal;
    private final TransactionTemplate tx;
    private final JdbcClient jdbc;

    public CandidateIntake(CandidateRepository candidates, CampaignRepository campaigns, JobRepository jobs,
                           JobProperties jobProperties, EventLog events, JobSignal signal, TransactionTemplate tx,
                           JdbcClient jdbc) {
        this.candidates = candidates;
        this.campaigns = campaigns;
        this.jobs = jobs;
        this.jobProperties = jobProperties;
        this.events = events;
        this.signal = signal;
        this.tx = tx;
        this.jdbc = jdbc;
    }

    /**
     * @param chargeBudget the proposer's budget pays for it (proposals; not baselines or user losses)
     * @param priority     priority of its jobs
     * @return the stored candidate; empty when the budget was spent before this proposal arrived,
     *         or a built-in loss of that name is in the campaign already
     * @throws NotFoundException no such campaign
     * @throws ConflictException the campaign has finished
     */
    public Optional<Candidate> submit(long campaignId, Submission s, boolean chargeBudget, int priority) {
        return tx.execute(status -> {
            Campaign campaign = campaigns.lock(campaignId).orElseThrow(() -> new NotFoundException("campaign", campaignId));
            if (campaign.status().terminal()) {
                throw new ConflictException("campaign " + campaignId + " is " + campaign.status()
                        + "; candidates join only queued, running or paused campaigns");
            }
            if (chargeBudget && campaign.proposedCount() >= campaign.maxCandidates()) {
                return Optional.<Candidate>empty();
            }
            if ("baselines".equals(s.proposer()) && candidates.builtin(campaignId, s.name()).isPresent()) {
                return Optional.<Candidate>empty();
            }
            CodeCheck check = s.check();
            CandidateStatus state;
            Long original = null;
            if (check.valid()) {
                original = candidates.originalOf(campaignId, check.fingerprint()).orElse(null);
                state = original == null ? CandidateStatus.QUEUED : CandidateStatus.DUPLICATE;
            } else {
                state = CandidateStatus.INVALID;
            }
            var rejection = check.rejection();
            long id = candidates.insert(new NewCandidate(campaignId, s.name(), s.hypothesis(), s.thought(), s.code(),
                    s.proposer(), s.baseline(), s.parentIds(), s.promptHash(), check.fingerprint(), original, state,
                    rejection == null ? null : rejection.kind().name(),
                    rejection == null ? null : rejection.reason(),
                    rejection == null || rejection.line() == 0 ? null : rejection.line(),
                    rejection == null || rejection.column() == 0 ? null : rejection.column()));
            if (state == CandidateStatus.QUEUED) {
                jobs.enqueue(campaignId, id, campaign.discovery(), false, campaign.seeds(), priority,
                        jobProperties.maxAttempts());
            }
            if (chargeBudget) {
                campaigns.incrementProposed(campaignId);
            }
            for (long call : s.llmCallIds()) {
                jdbc.sql("update llm_call set candidate_id = :c where id = :id and campaign_id = :campaign")
                        .param("c", id).param("id", call).param("campaign", campaignId).update();
            }
            Map<String, Object> proposed = new LinkedHashMap<>();
            proposed.put("name", s.name());
            proposed.put("proposer", s.proposer());
            proposed.put("baseline", s.baseline());
            proposed.put("parentIds", s.parentIds());
            proposed.put("hypothesis", s.hypothesis());
            events.append(campaignId, "candidate.proposed", id, null, proposed);
            Map<String, Object> validated = new LinkedHashMap<>();
            validated.put("name", s.name());
            validated.put("status", state.name());
            validated.put("fingerprint", check.fingerprint());
            validated.put("duplicateOf", original);
            if (rejection != null) {
                validated.put("errorKind", rejection.kind().name());
                validated.put("errorMessage", rejection.reason());
                validated.put("line", rejection.line());
                validated.put("column", rejection.column());
            }
            events.append(campaignId, "candidate.validated", id, null, validated);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    signal.wake();
                }
            });
            return candidates.find(id);
        });
    }
}
