package dev.lossforge.service.leaderboard;

import dev.lossforge.service.campaign.Campaign;
import dev.lossforge.service.campaign.CampaignRepository;
import dev.lossforge.service.candidate.CandidateRepository;
import dev.lossforge.service.db.Json;
import dev.lossforge.service.web.FieldError;
import dev.lossforge.service.web.InvalidRequestException;
import dev.lossforge.service.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@RestController
class LeaderboardController {

    private static final int MAX_LIMIT = 500;
    private static final TypeReference<Map<String, Double>> SEEDS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final Json json;
    private final CampaignRepository campaigns;

    LeaderboardController(JdbcClient jdbc, Json json, CampaignRepository campaigns) {
        this.jdbc = jdbc;
        this.json = json;
        this.campaigns = campaigns;
    }

    @Operation(summary = "Candidates ranked by fitness",
            description = "Mean fitness over seeds with its 95% interval and per-seed values, the paired difference "
                    + "against DPO on the same seeds with its p-value, status, proposer and parents. One indexed query.")
    @GetMapping("/api/campaigns/{id}/leaderboard")
    Leaderboard leaderboard(@PathVariable long id, @RequestParam(defaultValue = "50") int limit,
                            @RequestParam(defaultValue = "0") int offset) {
        List<FieldError> errors = new ArrayList<>();
        if (limit < 1 || limit > MAX_LIMIT) {
            errors.add(new FieldError("limit", "limit must be 1.." + MAX_LIMIT + ", got " + limit));
        }
        if (offset < 0) {
            errors.add(new FieldError("offset", "offset must be at least 0, got " + offset));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        Campaign campaign = campaigns.find(id).orElseThrow(() -> new NotFoundException("campaign", id));
        long total = jdbc.sql("select candidate_count from campaign where id = :c").param("c", id)
                .query(Long.class).single();
        long[] rank = {offset};
        List<Leaderboard.Entry> entries = jdbc.sql("""
                        with page as (
                            -- the ranking and the offset come from the index alone; rows are read for the page only
                            select id from candidate where campaign_id = :c
                            order by fitness_mean desc nulls last, id
                            limit :limit offset :offset)
                        select d.id, name, status, proposer, baseline, parent_ids, duplicate_of, error_kind,
                               fitness_mean, fitness_ci_low, fitness_ci_high, fitness_n, seed_fitness::text as seeds,
                               delta_mean, delta_ci_low, delta_ci_high, delta_p_value, delta_n
                        from page join candidate d on d.id = page.id
                        order by fitness_mean desc nulls last, d.id""")
                .param("c", id).param("limit", limit).param("offset", offset)
                .query((rs, n) -> new Leaderboard.Entry(
                        ++rank[0],
                        rs.getLong("id"),
                        rs.getString("name"),
                        rs.getString("status"),
                        rs.getString("proposer"),
                        rs.getBoolean("baseline"),
                        CandidateRepository.longs(rs.getArray("parent_ids")),
                        rs.getObject("duplicate_of", Long.class),
                        rs.getString("error_kind"),
                        new Leaderboard.Fitness(rs.getObject("fitness_mean", Double.class),
                                rs.getObject("fitness_ci_low", Double.class), rs.getObject("fitness_ci_high", Double.class),
                                rs.getObject("fitness_n", Integer.class),
                                rs.getString("seeds") == null ? Map.of() : json.read(rs.getString("seeds"), SEEDS)),
                        rs.getObject("delta_n") == null ? null : new Leaderboard.Delta(
                                rs.getObject("delta_mean", Double.class), rs.getObject("delta_ci_low", Double.class),
                                rs.getObject("delta_ci_high", Double.class), rs.getObject("delta_p_value", Double.class),
                                rs.getObject("delta_n", Integer.class))))
                .list();
        return new Leaderboard(id, campaign.discovery().task(), total, limit, offset, entries);
    }
}
