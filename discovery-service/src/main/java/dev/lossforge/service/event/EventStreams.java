package dev.lossforge.service.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Server-sent event streams of campaigns. Each subscriber reads the persisted log after the
 * last id it was sent, so a client that reconnects with Last-Event-ID misses nothing, whatever
 * happened in between (a service restart included).
 */
@Component
class EventStreams {

    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);
    private static final int BATCH = 500;
    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

    private final EventLog events;
    private final Map<Long, List<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "event-streams");
        t.setDaemon(true);
        return t;
    });

    private static final class Subscriber {
        final SseEmitter emitter;
        long lastId;
        boolean closed;

        Subscriber(SseEmitter emitter, long lastId) {
            this.emitter = emitter;
            this.lastId = lastId;
        }
    }

    EventStreams(EventLog events) {
        this.events = events;
        events.addListener(this::wake);
    }

    SseEmitter subscribe(long campaignId, long lastEventId) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        Subscriber subscriber = new Subscriber(emitter, lastEventId);
        List<Subscriber> list = subscribers.computeIfAbsent(campaignId, k -> new CopyOnWriteArrayList<>());
        list.add(subscriber);
        Runnable remove = () -> {
            synchronized (subscriber) {
                subscriber.closed = true;
            }
            list.remove(subscriber);
        };
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        wake(campaignId);
        return emitter;
    }

    private void wake(long campaignId) {
        if (subscribers.containsKey(campaignId)) {
            try {
                sender.execute(() -> pump(campaignId));
            } catch (java.util.concurrent.RejectedExecutionException ignored) {
                // shutting down
            }
        }
    }

    /** Catches up every stream now and then, and keeps idle connections open through proxies. */
    @Scheduled(fixedDelay = 15_000)
    void keepAlive() {
        subscribers.forEach((campaignId, list) -> {
            for (Subscriber s : list) {
                sender.execute(() -> comment(s));
            }
            wake(campaignId);
        });
    }

    private void pump(long campaignId) {
        List<Subscriber> list = subscribers.get(campaignId);
        if (list == null) {
            return;
        }
        for (Subscriber s : list) {
            synchronized (s) {
                if (s.closed) {
                    continue;
                }
                try {
                    List<CampaignEvent> batch;
                    do {
                        batch = events.after(campaignId, s.lastId, BATCH);
                        for (CampaignEvent e : batch) {
                            s.emitter.send(SseEmitter.event().id(Long.toString(e.id())).name(e.type())
                                    .data(e, MediaType.APPLICATION_JSON));
                            s.lastId = e.id();
                        }
                    } while (batch.size() == BATCH);
                } catch (IOException | IllegalStateException e) {
                    s.closed = true;
                    list.remove(s);
                    log.debug("event stream of campaign {} closed: {}", campaignId, e.getMessage());
                } catch (RuntimeException e) {
                    log.warn("event stream of campaign {} failed: {}", campaignId, e.getMessage());
                }
            }
        }
    }

    private void comment(Subscriber s) {
        synchronized (s) {
            if (s.closed) {
                return;
            }
            try {
                s.emitter.send(SseEmitter.event().comment("keep-alive"));
            } catch (IOException | IllegalStateException e) {
                s.closed = true;
            }
        }
    }

    /** Before the web server drains its requests: an open stream would hold the graceful shutdown up. */
    @org.springframework.context.event.EventListener(org.springframework.context.event.ContextClosedEvent.class)
    void stop() {
        sender.shutdownNow();
        subscribers.values().forEach(list -> list.forEach(s -> {
            try {
                s.emitter.complete();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }));
    }
}
