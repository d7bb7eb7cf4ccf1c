package dev.lossforge.service.proposer.llm;

/** Why a call was made: a first proposal, or a repair turn after an unusable reply. */
public enum CallPurpose {
    PROPOSE,
    REPAIR
}
