package dev.lossforge.service.campaign;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/campaigns}. Everything but {@code name} and {@code task} has a default.
 *
 * @param name           a name for people
 * @param task           the discovery task as the trainer names it: {@code bandit}, {@code bandit:noisy-40}
 * @param taskConfig     overrides of the task's defaults ({@code {"steps": 100}})
 * @param heldOutTasks   tasks the best candidates are re-evaluated on at the end: names, or
 *                       {@code {"task", "taskConfig"}} objects
 * @param heldOutTop     how many of the best candidates go to the held-out tasks
 * @param proposer       {@code baselines}, {@code evolution} or {@code llm}
 * @param proposerConfig settings of the proposer
 * @param baselines      built-in losses evaluated first; dpo is always added
 * @param seeds          every candidate is trained once per seed
 * @param maxCandidates  candidates the proposer may add beyond the baselines
 * @param beta           the loss's beta on every task that has one
 * @param randomSeed     seeds the proposer's own randomness
 */
public record CreateCampaignRequest(
        @Schema(example = "noisy labels") String name,
        @Schema(example = "bandit:noisy-40") String task,
        Map<String, Object> taskConfig,
        List<HeldOutTaskRequest> heldOutTasks,
        Integer heldOutTop,
        @Schema(example = "baselines") String proposer,
        Map<String, Object> proposerConfig,
        List<String> baselines,
        List<Long> seeds,
        Long maxCandidates,
        Double beta,
        Long randomSeed) {

    /** A held-out task: a name, or a name with overrides. */
    public record HeldOutTaskRequest(String task, Map<String, Object> taskConfig) {

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public HeldOutTaskRequest {
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static HeldOutTaskRequest of(String task) {
            return new HeldOutTaskRequest(task, null);
        }
    }
}
