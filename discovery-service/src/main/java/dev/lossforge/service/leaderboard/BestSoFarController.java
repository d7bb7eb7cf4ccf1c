package dev.lossforge.service.leaderboard;

import dev.lossforge.service.campaign.Campaign;
import dev.lossforge.service.campaign.CampaignRepository;
import dev.lossforge.service.web.InvalidRequestException;
import dev.lossforge.service.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.OffsetDateTime;
import java.util.List;

@RestController
class BestSoFarController {

    private static final int MIN_POINTS = 10;
    private static final int MAX_POINTS = 5000;

    private final JdbcClient jdbc;
    private final CampaignRepository campaigns;

    BestSoFarController(JdbcClient jdbc, CampaignRepository campaigns) {
        this.jdbc = jdbc;
        this.campaigns = campaigns;
    }

    @Operation(summary = "Best fitness so far against candidates evaluated",
            description = "The running maximum of the mean fitness over the campaign's evaluated candidates in the "
                    + "order they finished, computed in SQL; improvements are always listed, other points thinned to "
                    + "about maxPoints.")
    @GetMapping("/api/campaigns/{id}/best-so-far")
    BestSoFar bestSoFar(@PathVariable long id, @RequestParam(defaultValue = "1000") int maxPoints) {
        if (maxPoints < MIN_POINTS || maxPoints > MAX_POINTS) {
            throw new InvalidRequestException("maxPoints", "maxPoints must be " + MIN_POINTS + ".." + MAX_POINTS
                    + ", got " + maxPoints);
        }
        Campaign campaign = campaigns.find(id).orElseThrow(() -> new NotFoundException("campaign", id));
        long[] evaluated = {0};
        // the running maximum over (finished_at, id, fitness_mean), which the V6 index holds; names are read
        // for the points kept only
        List<BestSoFar.Point> points = jdbc.sql("""
                        with evaluated as (
                            select id, fitness_mean, finished_at,
                                   row_number() over w as n,
                                   max(fitness_mean) over w as best,
                                   count(*) over () as total
                            from candidate
                            where campaign_id = :c and fitness_mean is not null
                            window w as (order by finished_at, id rows between unbounded preceding and current row)),
                        marked as (
                            select *, lag(best) over (order by n) as previous_best from evaluated),
                        kept as (
                            select * from marked
                            where previous_best is null or best > previous_best or n = total
                               or n % greatest(1, ceil(total::numeric / :max)::bigint) = 0)
                        select k.n, k.id, d.name, d.proposer, d.baseline, k.fitness_mean, k.best, k.finished_at, k.total,
                               (k.previous_best is null or k.best > k.previous_best) as improved
                        from kept k join candidate d on d.id = k.id
                        order by k.n""")
                .param("c", id).param("max", maxPoints)
                .query((rs, row) -> {
                    evaluated[0] = rs.getLong("total");
                    OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
                    return new BestSoFar.Point(rs.getLong("n"), rs.getLong("id"), rs.getString("name"),
                            rs.getString("proposer"), rs.getBoolean("baseline"), rs.getDouble("fitness_mean"),
                            rs.getDouble("best"), rs.getBoolean("improved"),
                            finished == null ? null : finished.toInstant());
                })
                .list();
        return new BestSoFar(id, campaign.discovery().task(), evaluated[0], maxPoints, points);
    }
}
