package dev.lossforge.service.candidate;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code POST /api/campaigns/{id}/candidates}: a user's own loss.
 *
 * @param name       a short name
 * @param hypothesis why it might work (optional)
 * @param code       Java source of one public class implementing dev.lossforge.loss.PreferenceLoss
 */
public record SubmitCandidateRequest(
        @Schema(example = "scaled-dpo") String name,
        @Schema(example = "DPO with twice the beta") String hypothesis,
        String code) {
}
