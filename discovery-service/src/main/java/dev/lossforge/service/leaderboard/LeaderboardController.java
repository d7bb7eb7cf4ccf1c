package dev.lossforge.service.leaderboard;

import dev.lossforge.service.campaign.Campaign;
import dev.lossforge.service.campaign.CampaignRepository;
import dev.lossforge.service.candidate.CandidateRepository;
import dev.lossforge.service.candidate.CandidateStatus;
import dev.lossforge.service.db.Json;
import dev.lossforge.service.web.FieldError;
import dev.lossforge.service.web.InvalidRequestException;
import dev.lossforge.service.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@RestController
class LeaderboardController {

    private static final int MAX_LIMIT = 500;
    private static final int MAX_QUERY = 200;
    private static final TypeReference<Map<String, Double>> SEEDS = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            d.id, name, status, proposer, baseline, parent_ids, duplicate_of, error_kind,
            fitness_mean, fitness_ci_low, fitness_ci_high, fitness_n, seed_fitness::text as seeds,
            delta_mean, delta_ci_low, delta_ci_high, delta_p_value, delta_n""";

    /** A sort key: its SQL order (a fixed string, never the caller's text) and its natural direction. */
    private record SortKey(String expression, String defaultOrder, boolean nullsLast) {
    }

    private static final Map<String, SortKey> SORTS = new LinkedHashMap<>();

    static {
        // ranked by fitness: "asc" is best first, as the rank goes
        SORTS.put("rank", new SortKey("rank", "asc", false));
        SORTS.put("name", new SortKey("lower(name)", "asc", false));
        SORTS.put("delta", new SortKey("delta_mean", "desc", true));
        SORTS.put("pValue", new SortKey("delta_p_value", "asc", true));
        SORTS.put("status", new SortKey("status", "asc", false));
        SORTS.put("proposer", new SortKey("proposer", "asc", false));
        SORTS.put("id", new SortKey("d.id", "asc", false));
    }

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
                    + "against DPO on the same seeds with its p-value, status, proposer and parents. Ranked by fitness "
                    + "(one indexed query); sort (rank, name, delta, pValue, status, proposer, id) with order (asc, "
                    + "desc), q (text in the name or hypothesis) and status filter the page, and every entry keeps its "
                    + "rank by fitness.")
    @GetMapping("/api/campaigns/{id}/leaderboard")
    Leaderboard leaderboard(@PathVariable long id, @RequestParam(defaultValue = "50") int limit,
                            @RequestParam(defaultValue = "0") int offset,
                            @RequestParam(defaultValue = "rank") String sort,
                            @RequestParam(required = false) String order,
                            @RequestParam(required = false) String q,
                            @RequestParam(required = false) String status) {
        List<FieldError> errors = new ArrayList<>();
        if (limit < 1 || limit > MAX_LIMIT) {
            errors.add(new FieldError("limit", "limit must be 1.." + MAX_LIMIT + ", got " + limit));
        }
        if (offset < 0) {
            errors.add(new FieldError("offset", "offset must be at least 0, got " + offset));
        }
        SortKey key = SORTS.get(sort);
        if (key == null) {
            errors.add(new FieldError("sort", "unknown sort '" + sort + "' (known: " + String.join(", ", SORTS.keySet())
                    + ")"));
        }
        String direction = order == null || order.isBlank() ? (key == null ? "asc" : key.defaultOrder())
                : order.trim().toLowerCase(Locale.ROOT);
        if (!direction.equals("asc") && !direction.equals("desc")) {
            errors.add(new FieldError("order", "order must be asc or desc, got '" + order + "'"));
        }
        String query = q == null || q.isBlank() ? null : q.trim();
        if (query != null && query.length() > MAX_QUERY) {
            errors.add(new FieldError("q", "q is longer than " + MAX_QUERY + " characters"));
        }
        String statusFilter = status == null || status.isBlank() ? null : status.trim().toUpperCase(Locale.ROOT);
        if (statusFilter != null && Arrays.stream(CandidateStatus.values()).noneMatch(s -> s.name().equals(statusFilter))) {
            errors.add(new FieldError("status", "unknown status '" + status + "' (known: "
                    + String.join(", ", Arrays.stream(CandidateStatus.values()).map(Enum::name).toList()) + ")"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        Campaign campaign = campaigns.find(id).orElseThrow(() -> new NotFoundException("campaign", id));
        boolean ranked = sort.equals("rank") && direction.equals("asc") && query == null && statusFilter == null;
        Page page = ranked ? byRank(id, limit, offset) : sorted(id, limit, offset, key, direction, query, statusFilter);
        return new Leaderboard(id, campaign.discovery().task(), page.total(), limit, offset, sort, direction, query,
                statusFilter, page.entries());
    }

    private record Page(long total, List<Leaderboard.Entry> entries) {
    }

    /** The common case, and the one benchmarked: ranking and offset from the index alone. */
    private Page byRank(long campaignId, int limit, int offset) {
        long total = jdbc.sql("select candidate_count from campaign where id = :c").param("c", campaignId)
                .query(Long.class).single();
        long[] rank = {offset};
        List<Leaderboard.Entry> entries = jdbc.sql("""
                        with page as (
                            -- the ranking and the offset come from the index alone; rows are read for the page only
                            select id from candidate where campaign_id = :c
                            order by fitness_mean desc nulls last, id
                            limit :limit offset :offset)
                        select %s
                        from page join candidate d on d.id = page.id
                        order by fitness_mean desc nulls last, d.id""".formatted(COLUMNS))
                .param("c", campaignId).param("limit", limit).param("offset", offset)
                .query(entry(rs -> ++rank[0]))
                .list();
        return new Page(total, entries);
    }

    /**
     * Any other order or a filter. Every candidate's rank comes from a window over the leaderboard
     * index alone; the page's 50 ids are chosen by sorting only (id, key, rank) over the matching
     * candidates, and full rows are read for those ids only. Slower than {@link #byRank} on a large
     * campaign (BENCHMARKS.md) but one query; the page asks for it only when a person sorts or searches.
     */
    private Page sorted(long campaignId, int limit, int offset, SortKey key, String direction, String query,
                        String statusFilter) {
        StringBuilder where = new StringBuilder("d.campaign_id = :c");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("c", campaignId);
        if (query != null) {
            where.append(" and (d.name ilike :q escape '\\' or coalesce(d.hypothesis, '') ilike :q escape '\\')");
            params.put("q", "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (statusFilter != null) {
            where.append(" and d.status = :status");
            params.put("status", statusFilter);
        }
        long total = query == null && statusFilter == null
                ? jdbc.sql("select candidate_count from campaign where id = :c").param("c", campaignId)
                        .query(Long.class).single()
                : jdbc.sql("select count(*) from candidate d where " + where).params(params).query(Long.class).single();
        // the same order inside (over every match) and outside (over the page's rows): "rank" is the page's column there
        String orderBy = key.expression() + " " + direction + (key.nullsLast() ? " nulls last" : "") + ", rank";
        List<Leaderboard.Entry> entries = jdbc.sql("""
                        with ranked as (
                            select id, row_number() over (order by fitness_mean desc nulls last, id) as rank
                            from candidate where campaign_id = :c),
                        page as (
                            select d.id, ranked.rank
                            from candidate d join ranked on ranked.id = d.id
                            where %s
                            order by %s
                            limit :limit offset :offset)
                        select %s, page.rank
                        from page join candidate d on d.id = page.id
                        order by %s""".formatted(where, orderBy, COLUMNS, orderBy))
                .params(params).param("limit", limit).param("offset", offset)
                .query(entry(rs -> rs.getLong("rank")))
                .list();
        return new Page(total, entries);
    }

    private interface RankOf {
        long rank(java.sql.ResultSet rs) throws java.sql.SQLException;
    }

    private RowMapper<Leaderboard.Entry> entry(RankOf rank) {
        return (rs, n) -> new Leaderboard.Entry(
                rank.rank(rs),
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
                        rs.getObject("delta_n", Integer.class)));
    }
}
