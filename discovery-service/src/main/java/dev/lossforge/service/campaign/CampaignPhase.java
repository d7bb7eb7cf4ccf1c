package dev.lossforge.service.campaign;

/** The stage of a running campaign. */
public enum CampaignPhase {
    /** baselines and proposals on the discovery task */
    DISCOVERY,
    /** the best candidates and DPO re-evaluated on the held-out tasks */
    HELD_OUT,
    DONE
}
