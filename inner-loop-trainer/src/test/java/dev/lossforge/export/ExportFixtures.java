package dev.lossforge.export;

import dev.lossforge.loss.BatchValues;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sources under {@code src/test/resources/export}, metadata and a batch for the export tests. */
final class ExportFixtures {

    static final Instant EXPORTED_AT = Instant.parse("2026-11-22T09:30:00Z");

    private ExportFixtures() {
    }

    static String source(String file) {
        try (InputStream in = ExportFixtures.class.getResourceAsStream("/export/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no test source /export/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Metadata as the service fills it in, with metrics per task and seed. */
    static CandidateInfo info(long id, String name) {
        Map<String, Double> seed42 = new LinkedHashMap<>();
        seed42.put("rewardGain", 0.41);
        seed42.put("heldOutAccuracy", 0.62);
        Map<String, Double> seed13 = new LinkedHashMap<>();
        seed13.put("rewardGain", 0.37);
        seed13.put("heldOutAccuracy", Double.NaN);
        CandidateInfo.TaskMetrics task = new CandidateInfo.TaskMetrics("bandit:noisy-40", false,
                Map.of("fitnessMean", 0.39, "fitnessCiLow", 0.35, "fitnessCiHigh", 0.43),
                List.of(new CandidateInfo.SeedMetrics(42, "COMPLETED", seed42),
                        new CandidateInfo.SeedMetrics(13, "COMPLETED", seed13)));
        return new CandidateInfo(id, name, "a steeper logistic loss learns faster on noisy pairs",
                "c0de" + id, "llm", new CandidateInfo.Campaign(7, "noisy bandit"),
                Instant.parse("2026-11-21T18:00:00Z"),
                new CandidateInfo.Metrics(Map.of("fitnessMean", 0.39, "deltaVsDpo", 0.02, "deltaPValue", 0.04),
                        List.of(task)));
    }

    /**
     * Eight pairs with every input present; βρ stays within ±3 so that every loss is far from
     * its overflow points, and the spread exercises both branches of the piecewise losses.
     */
    static BatchValues batch(double beta) {
        return new BatchValues(
                new double[] {-12.0, -30.5, -8.25, -20.0, -15.0, -9.0, -41.0, -5.5},
                new double[] {-14.0, -28.0, -9.0, -26.5, -15.0, -7.5, -40.0, -11.0},
                new double[] {-13.0, -29.0, -8.0, -22.0, -14.5, -9.5, -39.0, -6.0},
                new double[] {-13.5, -29.5, -9.5, -24.0, -16.0, -8.0, -41.5, -9.0},
                new double[] {12, 30, 9, 21, 15, 10, 40, 6},
                new double[] {14, 27, 10, 25, 16, 8, 38, 11},
                new double[] {0.9, 0.7, 1.0, 0.55, 0.8, 0.6, 0.95, 0.75},
                new double[] {1.2, 0.4, 2.0, -0.3, 0.8, 0.1, 1.5, 0.9},
                new double[] {0.2, 0.6, -1.0, -0.9, 0.1, 0.3, 0.5, -0.4},
                beta);
    }
}
