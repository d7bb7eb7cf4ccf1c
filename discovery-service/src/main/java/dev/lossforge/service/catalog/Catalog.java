package dev.lossforge.service.catalog;

import java.util.List;

/** What the service can run: the records of {@code GET /api/tasks}, {@code /api/losses} and {@code /api/proposers}. */
final class Catalog {

    private Catalog() {
    }

    /**
     * A task of the trainer.
     *
     * @param defaultVariant the variant a bare task name means
     * @param primaryMetric  the metric whose mean is the fitness (higher is better)
     */
    record TaskEntry(String name, String description, String primaryMetric, String defaultVariant,
                     List<Variant> variants) {
    }

    /** A variant with its documented settings, in the documented order. */
    record Variant(String name, String spec, List<Setting> settings) {
    }

    /**
     * One setting a campaign's {@code taskConfig} may override.
     *
     * @param type {@code integer}, {@code number}, {@code boolean} or {@code string}
     */
    record Setting(String name, Object defaultValue, String type) {
    }

    /**
     * A built-in loss.
     *
     * @param defaultBaseline in the baseline set a campaign gets when its request names none
     */
    record Loss(String name, String summary, String paper, boolean referenceFree, boolean batchStatistics,
                boolean needsRewards, boolean defaultBaseline) {
    }

    /**
     * A proposer the product knows.
     *
     * @param available this build has it
     * @param isDefault a campaign gets it when its request names none
     */
    record Proposer(String name, boolean available, boolean isDefault) {
    }
}
