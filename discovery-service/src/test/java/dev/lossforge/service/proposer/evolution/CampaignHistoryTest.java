package dev.lossforge.service.proposer.evolution;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

import static dev.lossforge.service.proposer.evolution.CampaignHistory.Stored;
import static dev.lossforge.service.proposer.evolution.CampaignHistory.StoredCandidate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CampaignHistoryTest {

    private static final FitnessFunction FITNESS = new SyntheticBandit(8, 5, 5, 0.4, 1, 40, 0.1, 0.1, 0.1, 7);

    @Test
    void rebuildsGenomesOriginsAndFitnessFromRows() {
        EvolutionEngine engine = new EvolutionEngine(EvolutionConfig.defaults(1));
        Proposal cdpo = engine.describe(SeedLibrary.tree("cdpo").orElseThrow(), Origin.seed("cdpo"));
        List<StoredCandidate> rows = List.of(
                new StoredCandidate(3, cdpo.name(), false, Stored.DUPLICATE, null, 1L, cdpo.metadataJson()),
                new StoredCandidate(1, "dpo", true, Stored.EVALUATED, 0.5, null, null),
                new StoredCandidate(2, "my-own-loss", false, Stored.FAILED, null, null, null),
                new StoredCandidate(4, "ipo", true, Stored.PENDING, null, null, null),
                new StoredCandidate(5, "hinge", false, Stored.EVALUATED, 0.25, null, null));
        List<CandidateRecord> history = CampaignHistory.rebuild(rows);
        assertThat(history).extracting(CandidateRecord::id).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(history.get(0).genome()).isEqualTo(SeedLibrary.tree("dpo").orElseThrow());
        assertThat(history.get(0).origin()).isNull();
        assertThat(history.get(0).fitness()).isEqualTo(0.5);
        assertThat(history.get(1).genome()).isNull();
        assertThat(history.get(1).status()).isEqualTo(CandidateRecord.Status.FAILED);
        // a duplicate of dpo computes dpo: it takes dpo's fitness
        assertThat(history.get(2).genome()).isEqualTo(cdpo.genome());
        assertThat(history.get(2).origin()).isEqualTo(Origin.seed("cdpo"));
        assertThat(history.get(2).fitness()).isEqualTo(0.5);
        assertThat(history.get(3).status()).isEqualTo(CandidateRecord.Status.PENDING);
        assertThat(history.get(3).genome()).isEqualTo(SeedLibrary.tree("ipo").orElseThrow());
        // a user's loss that happens to be called hinge is not the built-in hinge
        assertThat(history.get(4).genome()).isNull();
        assertThat(history.get(4).fitness()).isEqualTo(0.25);
    }

    @Test
    void unreadableMetadataIsAClearError() {
        StoredCandidate row = new StoredCandidate(7, "x-1234", false, Stored.PENDING, null, null,
                "{\"genome\":{\"input\":\"nope\"},\"operator\":\"random\"}");
        assertThatThrownBy(() -> CampaignHistory.rebuild(List.of(row)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("candidate 7 (x-1234)").hasMessageContaining("$.genome.input: unknown input 'nope'");
    }

    @Test
    void aCampaignDrivenThroughRowsAndStateEqualsTheInMemoryOne() {
        // the adapter's loop: rebuild from the rows, propose one, store it as a row with its metadata
        EvolutionConfig config = EvolutionConfig.defaults(31).withEsProbability(0.4);
        List<StoredCandidate> rows = new ArrayList<>();
        List<Proposal> viaRows = new ArrayList<>();
        long id = 1;
        for (String name : List.of("dpo", "ipo", "hinge")) {
            rows.add(new StoredCandidate(id++, name, true, Stored.EVALUATED,
                    FITNESS.evaluate(SeedLibrary.tree(name).orElseThrow()).getAsDouble(), null, null));
        }
        SplittableRandom order = new SplittableRandom(3);
        List<Integer> inFlight = new ArrayList<>();
        while (viaRows.size() < 50) {
            while (inFlight.size() < 3 && viaRows.size() < 50) {
                Proposal p = new EvolutionEngine(config).propose(CampaignHistory.rebuild(rows), 1).get(0);
                rows.add(new StoredCandidate(id++, p.name(), false, Stored.PENDING, null, null, p.metadataJson()));
                viaRows.add(p);
                inFlight.add(rows.size() - 1);
            }
            int index = inFlight.remove(order.nextInt(inFlight.size()));
            StoredCandidate row = rows.get(index);
            OptionalDouble value = FITNESS.evaluate(viaRows.get(index - 3).genome());
            rows.set(index, new StoredCandidate(row.id(), row.name(), false,
                    value.isPresent() ? Stored.EVALUATED : Stored.FAILED, value.isPresent() ? value.getAsDouble() : null, null,
                    row.metadata()));
        }
        // the same loop with the engine's own records instead of rows and state
        List<CandidateRecord> live = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            StoredCandidate row = rows.get(i);
            live.add(CandidateRecord.pending(row.id(), SeedLibrary.tree(row.name()).orElseThrow(), null).evaluated(row.fitness()));
        }
        EvolutionEngine engine = new EvolutionEngine(config);
        id = 4;
        SplittableRandom order2 = new SplittableRandom(3);
        List<Integer> inFlight2 = new ArrayList<>();
        List<Proposal> inMemory = new ArrayList<>();
        while (inMemory.size() < 50) {
            while (inFlight2.size() < 3 && inMemory.size() < 50) {
                Proposal p = engine.propose(live, 1).get(0);
                live.add(CandidateRecord.pending(id++, p.genome(), p.origin()));
                inMemory.add(p);
                inFlight2.add(live.size() - 1);
            }
            int index = inFlight2.remove(order2.nextInt(inFlight2.size()));
            OptionalDouble value = FITNESS.evaluate(live.get(index).genome());
            live.set(index, value.isPresent() ? live.get(index).evaluated(value.getAsDouble()) : live.get(index).failed());
        }
        assertThat(viaRows).isEqualTo(inMemory);
        assertThat(viaRows.stream().map(Proposal::name).distinct().count()).isEqualTo(50);
    }
}
