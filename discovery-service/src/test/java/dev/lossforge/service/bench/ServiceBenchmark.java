package dev.lossforge.service.bench;

import dev.lossforge.service.LossForgeApplication;
import dev.lossforge.service.support.Api;
import dev.lossforge.service.support.TestDatabase;
import dev.lossforge.worker.ServiceClient;
import dev.lossforge.worker.protocol.JobLease;
import dev.lossforge.worker.protocol.JobResult;
import dev.lossforge.worker.protocol.LeaseRequest;
import dev.lossforge.worker.protocol.RunOutcome;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Service benchmarks, run only with {@code -Pbench} (see BENCHMARKS.md):
 * <ul>
 *   <li>orchestration overhead per job: lease, then report a result for a job that does no work,
 *       then the next lease, over real HTTP with the worker's own client, against real Postgres;</li>
 *   <li>leaderboard latency with 100,000 candidates in one campaign.</li>
 * </ul>
 * Timings are printed and written to target/benchmarks/service.md; they never fail the run.
 */
@Tag("bench")
class ServiceBenchmark {

    private static final int WARMUP_JOBS = 300;
    private static final int MEASURED_JOBS = 2000;
    private static final int CONCURRENT_WORKERS = 4;
    private static final int CANDIDATES = 100_000;
    private static final int WARMUP_QUERIES = 200;
    private static final int MEASURED_QUERIES = 2000;

    @Test
    void orchestrationOverheadAndLeaderboardLatency() throws Exception {
        TestDatabase.Coordinates db = TestDatabase.fresh();
        StringBuilder report = new StringBuilder();
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(LossForgeApplication.class).run(
                "--server.port=0", "--lossforge.database.url=" + db.url(),
                "--lossforge.database.username=" + db.username(), "--lossforge.database.password=" + db.password(),
                "--lossforge.workers.local=0", "--lossforge.workers.token=bench", "--logging.level.root=WARN")) {
            int port = ((WebServerApplicationContext) service).getWebServer().getPort();
            JdbcClient jdbc = service.getBean(JdbcClient.class);
            report.append("database: ").append(TestDatabase.describe().replaceAll("//[^/]*@", "//")).append("\n\n");
            orchestration(jdbc, port, report);
            leaderboard(jdbc, port, report);
        }
        System.out.println(report);
        Path out = Path.of("target", "benchmarks", "service.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
    }

    private void orchestration(JdbcClient jdbc, int port, StringBuilder report) throws Exception {
        int jobs = WARMUP_JOBS + MEASURED_JOBS + MEASURED_JOBS;
        long campaign = jobCampaign(jdbc, jobs / 3 + 1);
        ServiceClient client = new ServiceClient(URI.create("http://localhost:" + port), "bench");

        for (int i = 0; i < WARMUP_JOBS; i++) {
            cycle(client, "bench-0");
        }
        double[] cycle = new double[MEASURED_JOBS];
        double[] lease = new double[MEASURED_JOBS];
        double[] result = new double[MEASURED_JOBS];
        for (int i = 0; i < MEASURED_JOBS; i++) {
            long t0 = System.nanoTime();
            JobLease l = client.lease(new LeaseRequest("bench-0", "bench-0", "bench", "none", 0)).orElseThrow();
            long t1 = System.nanoTime();
            client.result(l.jobId(), noOpResult("bench-0", l));
            long t2 = System.nanoTime();
            lease[i] = (t1 - t0) / 1e6;
            result[i] = (t2 - t1) / 1e6;
            cycle[i] = (t2 - t0) / 1e6;
        }
        report.append("## Orchestration overhead per job (one worker, no-op jobs, ").append(MEASURED_JOBS)
                .append(" measured after ").append(WARMUP_JOBS).append(" warm-up)\n\n");
        report.append("| step | median ms | p90 ms | p99 ms | mean ms |\n|---|---|---|---|---|\n");
        row(report, "lease → result → next lease", cycle);
        row(report, "lease (HTTP + SKIP LOCKED)", lease);
        row(report, "result (HTTP + aggregation + events)", result);

        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_WORKERS);
        long start = System.nanoTime();
        List<Future<Integer>> done = new ArrayList<>();
        int perWorker = MEASURED_JOBS / CONCURRENT_WORKERS;
        for (int w = 0; w < CONCURRENT_WORKERS; w++) {
            String id = "bench-" + (w + 1);
            ServiceClient c = new ServiceClient(URI.create("http://localhost:" + port), "bench");
            done.add(pool.submit(() -> {
                for (int i = 0; i < perWorker; i++) {
                    cycle(c, id);
                }
                return perWorker;
            }));
        }
        int total = 0;
        for (Future<Integer> f : done) {
            total += f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        report.append(String.format("%n%d workers at once: %d no-op jobs in %.2f s = %.0f jobs/s%n%n",
                CONCURRENT_WORKERS, total, seconds, total / seconds));
        assertThat(jdbc.sql("select count(*) from evaluation_result where campaign_id = :c").param("c", campaign)
                .query(Integer.class).single()).isEqualTo(WARMUP_JOBS + MEASURED_JOBS + total);
    }

    private static void cycle(ServiceClient client, String worker) throws Exception {
        Optional<JobLease> lease = client.lease(new LeaseRequest(worker, worker, "bench", "none", 0));
        JobLease l = lease.orElseThrow(() -> new IllegalStateException("the benchmark ran out of jobs"));
        client.result(l.jobId(), noOpResult(worker, l));
    }

    private static JobResult noOpResult(String worker, JobLease lease) {
        return new JobResult(worker, lease.leaseToken(), RunOutcome.COMPLETED, 0.5, Map.of("trueRewardGain", 0.5),
                List.of(), List.of(), 0.0, null);
    }

    /** A running campaign of candidates with three seeds each, as the driver would queue them. */
    private static long jobCampaign(JdbcClient jdbc, int candidates) {
        long campaign = jdbc.sql("""
                        insert into campaign (name, task, task_config, held_out_top, proposer, baselines, seeds,
                            max_candidates, beta, random_seed, status, started_at)
                        values ('bench jobs', 'bandit:clean', '{}', 0, 'baselines', '["dpo"]', '[1,2,3]', 0, 0.1, 1,
                            'PAUSED', now()) returning id""")
                .query(Long.class).single();
        jdbc.sql("""
                        insert into candidate (campaign_id, name, code, code_hash, proposer, baseline, status)
                        values (:c, 'dpo', 'x', 'dpo', 'baselines', true, 'EVALUATED')""")
                .param("c", campaign).update();
        jdbc.sql("""
                        insert into candidate (campaign_id, name, code, code_hash, proposer, status, fingerprint)
                        select :c, 'c' || g, 'x', md5(g::text), 'user', 'QUEUED', md5(g::text)
                        from generate_series(1, :n) g""")
                .param("c", campaign).param("n", candidates).update();
        jdbc.sql("""
                        insert into evaluation_job (campaign_id, candidate_id, task, task_config, seed, priority, max_attempts)
                        select :c, d.id, 'bandit:clean', '{}', s, 0, 3
                        from candidate d cross join generate_series(1, 3) s
                        where d.campaign_id = :c and d.status = 'QUEUED' order by d.id, s""")
                .param("c", campaign).update();
        jdbc.sql("analyze").update();
        jdbc.sql("update campaign set status = 'RUNNING' where id = :c").param("c", campaign).update();
        return campaign;
    }

    private void leaderboard(JdbcClient jdbc, int port, StringBuilder report) {
        long campaign = jdbc.sql("""
                        insert into campaign (name, task, task_config, held_out_top, proposer, baselines, seeds,
                            max_candidates, beta, random_seed, status, started_at, finished_at)
                        values ('bench leaderboard', 'bandit:clean', '{}', 0, 'baselines', '["dpo"]', '[1,2,3]', 0,
                            0.1, 1, 'COMPLETED', now(), now()) returning id""")
                .query(Long.class).single();
        // 90% evaluated with three seeds, the rest failed or invalid (no fitness, ranked last)
        jdbc.sql("""
                        insert into candidate (campaign_id, name, code, code_hash, proposer, status, parent_ids,
                            fingerprint, fitness_mean, fitness_ci_low, fitness_ci_high, fitness_n, seed_fitness,
                            delta_mean, delta_ci_low, delta_ci_high, delta_p_value, delta_n)
                        select :c, 'candidate-' || g, 'public class L' || g || ' {}', md5(g::text), 'evolution',
                            case when g % 10 = 0 then 'FAILED' else 'EVALUATED' end,
                            array[greatest(1, g - 7), greatest(1, g - 3)]::bigint[], md5('f' || g),
                            case when g % 10 = 0 then null else f end, f - 0.1, f + 0.1, 3,
                            jsonb_build_object('1', f - 0.01, '2', f, '3', f + 0.01),
                            f - 0.5, f - 0.6, f - 0.4, 0.04, 3
                        from (select g, random() as f from generate_series(1, :n) g) s""")
                .param("c", campaign).param("n", CANDIDATES).update();
        jdbc.sql("update campaign set candidate_count = :n where id = :c").param("n", CANDIDATES).param("c", campaign)
                .update();
        jdbc.sql("vacuum analyze candidate").update();
        Api api = new Api(port);
        Random random = new Random(42);
        for (int i = 0; i < WARMUP_QUERIES; i++) {
            api.get("/api/campaigns/" + campaign + "/leaderboard?limit=50&offset=" + 50 * random.nextInt(20));
        }
        double[] first = time(api, campaign, MEASURED_QUERIES, r -> 0);
        double[] pages = time(api, campaign, MEASURED_QUERIES, r -> 50 * r.nextInt(100));
        double[] deep = time(api, campaign, 200, r -> CANDIDATES - 50);
        assertThat(api.get("/api/campaigns/" + campaign + "/leaderboard?limit=1").body().get("total").asInt())
                .isEqualTo(CANDIDATES);
        report.append("## Leaderboard latency, ").append(CANDIDATES).append(" candidates in the campaign (HTTP, limit=50)\n\n");
        report.append("| page | requests | median ms | p90 ms | p99 ms | mean ms |\n|---|---|---|---|---|---|\n");
        row(report, "first (offset 0)", first, MEASURED_QUERIES);
        row(report, "random among the first 5,000", pages, MEASURED_QUERIES);
        row(report, "last (offset 99,950)", deep, 200);
    }

    private interface Offsets {
        int next(Random random);
    }

    private static double[] time(Api api, long campaign, int n, Offsets offsets) {
        Random random = new Random(7);
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            String path = "/api/campaigns/" + campaign + "/leaderboard?limit=50&offset=" + offsets.next(random);
            long t0 = System.nanoTime();
            Api.Response r = api.get(path);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (r.status() != 200) {
                throw new IllegalStateException(path + " answered " + r.status());
            }
        }
        return ms;
    }

    private static void row(StringBuilder report, String name, double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        report.append(String.format("| %s | %.2f | %.2f | %.2f | %.2f |%n", name, q(s, 0.5), q(s, 0.9), q(s, 0.99),
                Arrays.stream(s).average().orElse(Double.NaN)));
    }

    private static void row(StringBuilder report, String name, double[] values, int n) {
        double[] s = values.clone();
        Arrays.sort(s);
        report.append(String.format("| %s | %d | %.2f | %.2f | %.2f | %.2f |%n", name, n, q(s, 0.5), q(s, 0.9),
                q(s, 0.99), Arrays.stream(s).average().orElse(Double.NaN)));
    }

    private static double q(double[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
