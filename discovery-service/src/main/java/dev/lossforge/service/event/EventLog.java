package dev.lossforge.service.event;

import dev.lossforge.service.db.Json;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The persisted campaign event log. Events raised inside a transaction are written once it
 * commits (never for a rolled-back change). One thread writes them all, each in its own short
 * transaction, so ids become visible in increasing order: a reader that has seen id N has seen
 * every earlier event, which is what resuming after Last-Event-ID relies on.
 */
@Component
public class EventLog {

    private static final Logger log = LoggerFactory.getLogger(EventLog.class);

    private final JdbcClient jdbc;
    private final Json json;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "event-writer");
        t.setDaemon(true);
        return t;
    });
    private final List<LongConsumer> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public EventLog(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Called with a campaign id after each of its events is stored. */
    void addListener(LongConsumer listener) {
        listeners.add(listener);
    }

    public void append(long campaignId, String type, Long candidateId, Long jobId, Map<String, Object> payload) {
        Map<String, Object> copy = new LinkedHashMap<>(payload);
        Runnable write = () -> write(campaignId, type, candidateId, jobId, copy);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    submit(write);
                }
            });
        } else {
            submit(write);
        }
    }

    public List<CampaignEvent> after(long campaignId, long afterId, int limit) {
        return jdbc.sql("""
                        select id, campaign_id, type, candidate_id, job_id, payload::text as payload, created_at
                        from campaign_event where campaign_id = :c and id > :after order by id limit :limit""")
                .param("c", campaignId).param("after", afterId).param("limit", limit)
                .query((rs, n) -> new CampaignEvent(rs.getLong("id"), rs.getLong("campaign_id"), rs.getString("type"),
                        rs.getObject("candidate_id", Long.class), rs.getObject("job_id", Long.class),
                        json.readObject(rs.getString("payload")), toInstant(rs.getObject("created_at", OffsetDateTime.class))))
                .list();
    }

    /** Waits until events raised so far are stored (tests and shutdown). */
    public void flush() {
        try {
            writer.submit(() -> {
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("flushing events", e);
        }
    }

    @PreDestroy
    void stop() {
        flush();
        writer.shutdown();
    }

    private void submit(Runnable write) {
        try {
            writer.execute(write);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("event dropped during shutdown");
        }
    }

    private void write(long campaignId, String type, Long candidateId, Long jobId, Map<String, Object> payload) {
        try {
            jdbc.sql("""
                            insert into campaign_event (campaign_id, type, candidate_id, job_id, payload)
                            values (:c, :type, :candidate, :job, cast(:payload as jsonb))""")
                    .param("c", campaignId).param("type", type).param("candidate", candidateId).param("job", jobId)
                    .param("payload", json.write(payload)).update();
        } catch (RuntimeException e) {
            log.warn("Could not store event {} of campaign {}: {}", type, campaignId, e.getMessage());
            return;
        }
        for (LongConsumer listener : listeners) {
            listener.accept(campaignId);
        }
    }

    private static Instant toInstant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
