package dev.lossforge.service.proposer.llm;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One campaign's LLM proposer: up to {@code concurrency} proposals in flight at once, each on its
 * own thread, sharing the campaign's client (and so its usage ledger and budget) and its
 * deduplication index. {@link #propose} never blocks: it refuses when every slot is taken, so the
 * caller keeps control of how much it asks for.
 */
public final class LlmCampaignProposer implements AutoCloseable {

    private final String campaignId;
    private final ProposalEngine engine;
    private final LlmClient client;
    private final DedupIndex dedup;
    private final int concurrency;
    private final Semaphore slots;
    private final ExecutorService executor;
    private final Set<CompletableFuture<ProposalOutcome>> inFlight = ConcurrentHashMap.newKeySet();

    LlmCampaignProposer(String campaignId, ProposalEngine engine, LlmClient client, DedupIndex dedup, int concurrency) {
        this.campaignId = Objects.requireNonNull(campaignId, "campaignId");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.client = Objects.requireNonNull(client, "client");
        this.dedup = Objects.requireNonNull(dedup, "dedup");
        this.concurrency = concurrency;
        this.slots = new Semaphore(concurrency);
        this.executor = Executors.newFixedThreadPool(concurrency, threads(campaignId));
    }

    public String campaignId() {
        return campaignId;
    }

    /**
     * Starts a proposal. The future completes with its outcome; it completes exceptionally only
     * on a configuration error ({@link PromptTemplateException}), an unexpected failure of the
     * validator, or when the proposer is closed ({@link CancellationException}).
     *
     * @throws ProposerBusyException when {@link #freeSlots()} is 0
     */
    public CompletableFuture<ProposalOutcome> propose(ProposalRequest request) {
        Objects.requireNonNull(request, "request");
        if (!request.campaignId().equals(campaignId)) {
            throw new IllegalArgumentException("request for campaign " + request.campaignId()
                    + " sent to the proposer of campaign " + campaignId);
        }
        if (!slots.tryAcquire()) {
            throw new ProposerBusyException(concurrency);
        }
        CompletableFuture<ProposalOutcome> future = new CompletableFuture<>();
        inFlight.add(future);
        future.whenComplete((outcome, failure) -> {
            inFlight.remove(future);
            slots.release();
        });
        try {
            executor.execute(() -> {
                try {
                    future.complete(engine.run(request));
                } catch (RuntimeException | Error e) {
                    future.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(new IllegalStateException("the LLM proposer of campaign " + campaignId
                    + " is closed", e));
        }
        return future;
    }

    /**
     * Runs a proposal on the calling thread, for callers that bring their own threads (the
     * service's campaign driver); it takes one of the slots like {@link #propose}.
     *
     * @throws ProposerBusyException when {@link #freeSlots()} is 0
     * @throws PromptTemplateException when the templates cannot be rendered
     */
    public ProposalOutcome proposeNow(ProposalRequest request) {
        Objects.requireNonNull(request, "request");
        if (!request.campaignId().equals(campaignId)) {
            throw new IllegalArgumentException("request for campaign " + request.campaignId()
                    + " sent to the proposer of campaign " + campaignId);
        }
        if (!slots.tryAcquire()) {
            throw new ProposerBusyException(concurrency);
        }
        try {
            return engine.run(request);
        } finally {
            slots.release();
        }
    }

    /** Proposals that may start now. */
    public int freeSlots() {
        return slots.availablePermits();
    }

    public int concurrency() {
        return concurrency;
    }

    /** The names, code and fingerprints the campaign holds: note candidates that come from elsewhere. */
    public DedupIndex dedup() {
        return dedup;
    }

    /** Tokens and cost spent so far, calls of earlier runs included. */
    public LlmUsage usage() {
        return client.ledger().usage();
    }

    /** The reason the campaign's token or cost budget is spent, or empty while some remains. */
    public Optional<String> budgetExhausted() {
        return client.ledger().exhausted();
    }

    public ModelSettings model() {
        return client.settings();
    }

    /** Stops: proposals in flight are interrupted and their futures fail with a CancellationException. */
    @Override
    public void close() {
        // fail the futures first: an interrupted call would otherwise finish them as "unavailable"
        executor.shutdown();
        for (CompletableFuture<ProposalOutcome> future : List.copyOf(inFlight)) {
            future.completeExceptionally(new CancellationException("the LLM proposer of campaign " + campaignId
                    + " was closed"));
        }
        executor.shutdownNow();
    }

    private static ThreadFactory threads(String campaignId) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "llm-proposer-" + campaignId + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
