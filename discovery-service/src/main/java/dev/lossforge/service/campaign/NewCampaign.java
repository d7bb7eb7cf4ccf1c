package dev.lossforge.service.campaign;

import java.util.List;
import java.util.Map;

/** A validated campaign request, with every default filled in. */
record NewCampaign(
        String name,
        TaskSetting discovery,
        List<TaskSetting> heldOut,
        int heldOutTop,
        String proposer,
        Map<String, Object> proposerConfig,
        List<String> baselines,
        List<Long> seeds,
        int maxCandidates,
        double beta,
        long randomSeed) {
}
