package dev.lossforge.service.job;

import dev.lossforge.service.db.Json;
import dev.lossforge.worker.protocol.EvaluationPoint;
import dev.lossforge.worker.protocol.TrainingPoint;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The evaluation_result table: what workers reported, at most one row per job. */
@Repository
public class ResultRepository {

    private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {
    };
    private static final TypeReference<List<TrainingPoint>> CURVE = new TypeReference<>() {
    };
    private static final TypeReference<List<EvaluationPoint>> EVALUATIONS = new TypeReference<>() {
    };

    /** One stored report. */
    public record StoredResult(long jobId, String task, long seed, String status, Double fitness,
                               Map<String, Double> metrics, List<TrainingPoint> trainingCurve,
                               List<EvaluationPoint> evaluations, String message, Integer errorLine,
                               Integer errorColumn, Double wallSeconds, String workerId) {
    }

    private final JdbcClient jdbc;
    private final Json json;

    public ResultRepository(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** @return false when the job has a result already (the unique job_id makes a second one impossible) */
    boolean insert(Job job, UUID leaseToken, String workerId, String status, Double fitness,
                   Map<String, Double> metrics, List<TrainingPoint> curve, List<EvaluationPoint> evaluations,
                   String message, Integer line, Integer column, Double wallSeconds) {
        return jdbc.sql("""
                        insert into evaluation_result (job_id, candidate_id, campaign_id, task, seed, lease_token,
                            worker_id, status, fitness, metrics, training_curve, evaluations, message, error_line,
                            error_column, wall_seconds)
                        values (:job, :candidate, :campaign, :task, :seed, :token, :worker, :status, :fitness,
                            cast(:metrics as jsonb), cast(:curve as jsonb), cast(:evaluations as jsonb), :message,
                            :line, :column, :wall)
                        on conflict (job_id) do nothing""")
                .param("job", job.id()).param("candidate", job.candidateId()).param("campaign", job.campaignId())
                .param("task", job.task()).param("seed", job.seed()).param("token", leaseToken)
                .param("worker", workerId).param("status", status).param("fitness", fitness)
                .param("metrics", json.write(metrics == null ? Map.of() : metrics))
                .param("curve", json.write(curve == null ? List.of() : curve))
                .param("evaluations", json.write(evaluations == null ? List.of() : evaluations))
                .param("message", message).param("line", line).param("column", column).param("wall", wallSeconds)
                .update() == 1;
    }

    public List<StoredResult> forCandidate(long candidateId) {
        return jdbc.sql("select * from evaluation_result where candidate_id = :c order by task, seed")
                .param("c", candidateId)
                .query((rs, n) -> new StoredResult(
                        rs.getLong("job_id"), rs.getString("task"), rs.getLong("seed"), rs.getString("status"),
                        rs.getObject("fitness", Double.class),
                        json.read(rs.getString("metrics"), METRICS),
                        json.read(rs.getString("training_curve"), CURVE),
                        json.read(rs.getString("evaluations"), EVALUATIONS),
                        rs.getString("message"), rs.getObject("error_line", Integer.class),
                        rs.getObject("error_column", Integer.class), rs.getObject("wall_seconds", Double.class),
                        rs.getString("worker_id")))
                .list();
    }

    /** Per (task, seed) of a candidate: the job's state and failure, and the reported fitness if any. */
    public record SeedOutcome(long seed, JobState state, String failureKind, String failureMessage, Double fitness) {
    }

    public List<SeedOutcome> seedOutcomes(long candidateId, String task) {
        return jdbc.sql("""
                        select j.seed, j.state, j.failure_kind, j.failure_message, r.fitness
                        from evaluation_job j left join evaluation_result r on r.job_id = j.id
                        where j.candidate_id = :c and j.task = :t
                        order by j.seed""")
                .param("c", candidateId).param("t", task)
                .query((rs, n) -> new SeedOutcome(rs.getLong("seed"), JobState.valueOf(rs.getString("state")),
                        rs.getString("failure_kind"), rs.getString("failure_message"),
                        rs.getObject("fitness", Double.class)))
                .list();
    }
}
