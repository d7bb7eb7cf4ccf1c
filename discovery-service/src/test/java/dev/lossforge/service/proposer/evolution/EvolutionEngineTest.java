package dev.lossforge.service.proposer.evolution;

import dev.lossforge.task.BatchInput;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EvolutionEngineTest {

    private static final List<String> BASELINES = List.of("dpo", "ipo", "hinge", "robust-dpo", "lrml");
    /** A small noisy bandit: these tests are about the engine's bookkeeping, not about what it finds. */
    private static final FitnessFunction FITNESS = new SyntheticBandit(8, 5, 5, 0.4, 1, 40, 0.1, 0.1, 0.1, 7);

    @Test
    void startsWithTheSeedsTheCampaignHasNotEvaluatedYet() {
        EvolutionEngine engine = new EvolutionEngine(EvolutionConfig.defaults(3));
        List<CandidateRecord> history = new ArrayList<>();
        long id = 1;
        for (String name : BASELINES) {
            history.add(CandidateRecord.pending(id++, SeedLibrary.tree(name).orElseThrow(), null).evaluated(0.1));
        }
        List<Proposal> proposals = engine.propose(history, 13);
        assertThat(proposals).extracting(p -> p.origin().seedName()).containsExactly(
                "cdpo", "exo", "nca", "bco", "sppo-hard", "apo-zero", "apo-down", "cal-dpo", "rpo", "simpo", "cpo",
                "cell", null);
        assertThat(proposals.get(0).name()).isEqualTo("cdpo-seed");
        assertThat(proposals.get(0).genome()).isEqualTo(SeedLibrary.tree("cdpo").orElseThrow());
        // with soft labels the campaign also starts from gpo
        EvolutionEngine soft = new EvolutionEngine(EvolutionConfig.defaults(3).withCapabilities(EnumSet.of(BatchInput.SOFT_LABEL)));
        assertThat(soft.propose(history, 13)).extracting(p -> p.origin().seedName()).contains("gpo");
        // a chosen subset, in the chosen order
        EvolutionEngine few = new EvolutionEngine(EvolutionConfig.defaults(3).withSeedNames(List.of("cell", "dpo", "exo")));
        assertThat(few.propose(history, 2)).extracting(p -> p.origin().seedName()).containsExactly("cell", "exo");
    }

    @Test
    void theSameSeedAndTheSameReportsGiveTheSameProposals() {
        InMemoryCampaign.Result first = new InMemoryCampaign(new EvolutionEngine(EvolutionConfig.defaults(11)), FITNESS, 3, 5)
                .run(BASELINES, 60);
        InMemoryCampaign.Result second = new InMemoryCampaign(new EvolutionEngine(EvolutionConfig.defaults(11)), FITNESS, 3, 5)
                .run(BASELINES, 60);
        InMemoryCampaign.Result otherSeed = new InMemoryCampaign(new EvolutionEngine(EvolutionConfig.defaults(12)), FITNESS, 3, 5)
                .run(BASELINES, 60);
        assertThat(second.proposals()).isEqualTo(first.proposals());
        assertThat(second.history()).isEqualTo(first.history());
        assertThat(otherSeed.proposals().subList(13, 60)).isNotEqualTo(first.proposals().subList(13, 60));
    }

    @Test
    void askingForSeveralAtOnceEqualsAskingOneByOne() {
        EvolutionEngine engine = new EvolutionEngine(EvolutionConfig.defaults(5));
        InMemoryCampaign.Result warm = new InMemoryCampaign(engine, FITNESS, 2, 1).run(BASELINES, 30);
        List<CandidateRecord> history = new ArrayList<>(warm.history());
        List<Proposal> batch = engine.propose(history, 6);
        List<Proposal> single = new ArrayList<>();
        long id = history.get(history.size() - 1).id() + 1;
        for (int i = 0; i < 6; i++) {
            Proposal next = engine.propose(history, 1).get(0);
            single.add(next);
            history.add(CandidateRecord.pending(id++, next.genome(), next.origin()));
        }
        assertThat(single).isEqualTo(batch);
    }

    /**
     * The service's view: rows of (metadata JSON, status, fitness) in Postgres. With {@code restart}
     * every proposal is made by a fresh engine from the rows alone, as after a service restart.
     */
    private static List<Proposal> runFromRows(EvolutionConfig config, int budget, boolean restart) {
        List<String> metadata = new ArrayList<>();
        List<CandidateRecord> live = new ArrayList<>();
        long id = 1;
        for (String name : BASELINES) {
            live.add(CandidateRecord.pending(id++, SeedLibrary.tree(name).orElseThrow(), null)
                    .evaluated(FITNESS.evaluate(SeedLibrary.tree(name).orElseThrow()).getAsDouble()));
            metadata.add(null);
        }
        EvolutionEngine persistent = new EvolutionEngine(config);
        SplittableRandom order = new SplittableRandom(9);
        List<Integer> inFlight = new ArrayList<>();
        List<Proposal> proposals = new ArrayList<>();
        while (proposals.size() < budget) {
            while (inFlight.size() < 3 && proposals.size() < budget) {
                EvolutionEngine engine = restart ? new EvolutionEngine(config) : persistent;
                List<CandidateRecord> history = restart ? fromRows(live, metadata) : live;
                Proposal proposal = engine.propose(history, 1).get(0);
                proposals.add(proposal);
                metadata.add(proposal.metadataJson());
                live.add(CandidateRecord.pending(id++, proposal.genome(), proposal.origin()));
                inFlight.add(live.size() - 1);
            }
            int index = inFlight.remove(order.nextInt(inFlight.size()));
            OptionalDouble value = FITNESS.evaluate(live.get(index).genome());
            live.set(index, value.isPresent() ? live.get(index).evaluated(value.getAsDouble()) : live.get(index).failed());
        }
        return proposals;
    }

    /** What a restarted service knows: ids, statuses and fitness from its tables, genomes and origins from metadata. */
    private static List<CandidateRecord> fromRows(List<CandidateRecord> rows, List<String> metadata) {
        List<CandidateRecord> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            CandidateRecord row = rows.get(i);
            if (metadata.get(i) == null) {
                out.add(row); // a baseline: the adapter maps its name to SeedLibrary.tree
                continue;
            }
            CandidateMetadata.Parsed parsed = CandidateMetadata.parse(metadata.get(i));
            out.add(new CandidateRecord(row.id(), parsed.genome(), parsed.origin(), row.status(), row.fitness()));
        }
        return out;
    }

    @Test
    void aRestartedEngineRebuiltFromStoredMetadataProposesExactlyWhatItWouldHave() {
        EvolutionConfig config = EvolutionConfig.defaults(21).withEsProbability(0.4);
        List<Proposal> uninterrupted = runFromRows(config, 70, false);
        List<Proposal> restartedEveryTime = runFromRows(config, 70, true);
        assertThat(restartedEveryTime).isEqualTo(uninterrupted);
        assertThat(uninterrupted).anyMatch(p -> p.origin().operator() == Operator.ES_MINUS);
    }

    @Test
    void metadataRoundTripsGenomeAndOrigin() {
        InMemoryCampaign.Result run = new InMemoryCampaign(new EvolutionEngine(EvolutionConfig.defaults(4).withEsProbability(0.5)),
                FITNESS, 3, 2).run(BASELINES, 60);
        for (Proposal proposal : run.proposals()) {
            CandidateMetadata.Parsed parsed = CandidateMetadata.parse(proposal.metadataJson());
            assertThat(parsed.genome()).isEqualTo(proposal.genome());
            assertThat(parsed.origin()).isEqualTo(proposal.origin());
        }
        assertThat(run.proposals().stream().map(p -> p.origin().operator()).distinct().count()).isGreaterThanOrEqualTo(7);
    }

    @Test
    void noCanonicalFormIsProposedTwiceAndEveryProposalIsAViableLossOfTheGrammar() {
        EvolutionEngine engine = new EvolutionEngine(EvolutionConfig.defaults(8));
        InMemoryCampaign.Result run = new InMemoryCampaign(engine, FITNESS, 4, 8).run(BASELINES, 150);
        Set<String> keys = new HashSet<>();
        for (CandidateRecord record : run.history()) {
            assertThat(keys.add(CanonicalForm.of(record.genome()).key())).as("duplicate " + record).isTrue();
        }
        for (Proposal proposal : run.proposals()) {
            assertThat(engine.violation(proposal.genome())).isEmpty();
            assertThat(proposal.canonicalKey()).isEqualTo(CanonicalForm.of(proposal.genome()).key());
            assertThat(proposal.genome().size()).isLessThanOrEqualTo(32);
            assertThat(Trees.inputs(proposal.genome())).doesNotContain(Input.SOFT_LABEL, Input.REWARD_W, Input.REWARD_L);
            assertThat(Trees.constants(proposal.genome())).extracting(ConstNode::name).doesNotHaveDuplicates();
        }
        assertThat(run.proposals()).hasSize(150);
        assertThat(run.proposals().stream().map(Proposal::name).distinct().count()).isEqualTo(150);
    }

    @Test
    void parentsAreCandidatesThatHadAFitnessWhenTheChildWasProposed() {
        EvolutionEngine engine = new EvolutionEngine(EvolutionConfig.defaults(13));
        InMemoryCampaign.Result run = new InMemoryCampaign(engine, FITNESS, 4, 3).run(BASELINES, 80);
        Map<Long, CandidateRecord> byId = new HashMap<>();
        run.history().forEach(r -> byId.put(r.id(), r));
        for (int i = 0; i < run.proposals().size(); i++) {
            long childId = BASELINES.size() + 1 + i;
            for (long parent : run.proposals().get(i).parentIds()) {
                assertThat(parent).isPositive().isLessThan(childId);
                assertThat(byId.get(parent).hasFitness()).isTrue();
            }
        }
    }

    @Test
    void evolutionStrategyPairsAreAntitheticAndProposedBackToBack() {
        EvolutionEngine engine = new EvolutionEngine(EvolutionConfig.defaults(17).withEsProbability(0.6));
        InMemoryCampaign.Result run = new InMemoryCampaign(engine, FITNESS, 4, 6).run(BASELINES, 90);
        List<Proposal> proposals = run.proposals();
        int pairs = 0;
        for (int i = 0; i < proposals.size(); i++) {
            Proposal p = proposals.get(i);
            if (p.origin().operator() != Operator.ES_PLUS) {
                continue;
            }
            pairs++;
            Proposal twin = proposals.get(i + 1);
            assertThat(twin.origin().operator()).isEqualTo(Operator.ES_MINUS);
            assertThat(twin.origin().es()).isEqualTo(p.origin().es());
            assertThat(Trees.structure(twin.genome(), true)).isEqualTo(Trees.structure(p.genome(), true));
            // plus and minus sit symmetrically about the centre in search space
            EsTag tag = p.origin().es();
            Node base = run.history().stream().filter(r -> r.id() == tag.base()).findFirst().orElseThrow().genome();
            EsRun space = new EsRun(tag.run(), tag.base(), base);
            double[] up = space.toSearch(Trees.constants(p.genome()).stream().mapToDouble(ConstNode::value).toArray());
            double[] down = space.toSearch(Trees.constants(twin.genome()).stream().mapToDouble(ConstNode::value).toArray());
            for (int k = 0; k < up.length; k++) {
                assertThat((up[k] + down[k]) / 2).isCloseTo(tag.center()[k], within(1e-9));
                assertThat((up[k] - down[k]) / 2).isCloseTo(tag.sigma() * tag.noise()[k], within(1e-9));
            }
        }
        assertThat(pairs).isGreaterThanOrEqualTo(5);
    }

    @Test
    void theEvolutionStrategyClimbsAConstantsOnlyLandscape() {
        // fitness rewards the hinge margin M at 2 and nothing else: -(M - 2)², start M = 1 (fitness -1)
        Node hinge = SeedLibrary.tree("hinge").orElseThrow();
        String family = EsRun.keyOf(hinge);
        FitnessFunction marginOnly = tree -> EsRun.keyOf(tree).equals(family)
                ? OptionalDouble.of(-Math.pow(Trees.constants(tree).get(0).value() - 2, 2))
                : OptionalDouble.of(-10);
        EvolutionConfig defaults = EvolutionConfig.defaults(2);
        EvolutionConfig esOnly = new EvolutionConfig(2, defaults.capabilities(), 0.1, 32, 10, 3, List.of("hinge"),
                defaults.operatorWeights(), 1.0, 1, 12, 0.3, 1.0, 200);
        InMemoryCampaign.Result run = new InMemoryCampaign(new EvolutionEngine(esOnly), marginOnly, 2, 4).run(List.of(), 40);
        List<Double> centres = new ArrayList<>();
        for (Proposal p : run.proposals()) {
            if (p.origin().operator() == Operator.ES_CENTER) {
                centres.add(Trees.constants(p.genome()).get(0).value());
            }
        }
        assertThat(centres).hasSizeGreaterThanOrEqualTo(2);
        // the mean walks from 1 towards 2 and each centre is closer than the last
        assertThat(centres.get(0)).isGreaterThan(1.0);
        assertThat(Math.abs(centres.get(centres.size() - 1) - 2)).isLessThan(Math.abs(centres.get(0) - 2));
        assertThat(run.best().fitness()).isGreaterThan(-0.1);
    }

    @Test
    void aGrammarThatRunsOutOfNewTreesEndsTheStreamInsteadOfRepeating() {
        EvolutionConfig defaults = EvolutionConfig.defaults(1);
        EvolutionConfig tiny = new EvolutionConfig(1, defaults.capabilities(), 0.1, 4, 3, 3, List.of("dpo"),
                defaults.operatorWeights(), 0.0, 3, 6, 0.3, 1.0, 20);
        EvolutionEngine engine = new EvolutionEngine(tiny);
        List<CandidateRecord> history = new ArrayList<>();
        long id = 1;
        while (true) {
            List<Proposal> next = engine.propose(history, 1);
            if (next.isEmpty()) {
                break;
            }
            history.add(CandidateRecord.pending(id++, next.get(0).genome(), next.get(0).origin()).evaluated(0));
            assertThat(id).as("the stream must end").isLessThan(2000);
        }
        assertThat(history.size()).isGreaterThan(3);
        assertThat(history.stream().map(r -> CanonicalForm.of(r.genome()).key()).distinct().count()).isEqualTo(history.size());
    }

    @Test
    void theArchiveSpreadsParentsAcrossNiches() {
        EvolutionEngine engine = new EvolutionEngine(EvolutionConfig.defaults(23));
        InMemoryCampaign.Result run = new InMemoryCampaign(engine, FITNESS, 4, 23).run(BASELINES, 120);
        EvolutionEngine.Snapshot snapshot = engine.snapshot(run.history());
        assertThat(snapshot.elites().size()).isGreaterThanOrEqualTo(10);
        // parents of the tree variations come from many niches, not one family
        Map<Long, String> nicheOf = new HashMap<>();
        for (CandidateRecord record : run.history()) {
            nicheOf.put(record.id(), Behaviour.describe(record.genome(), 0.1).niche());
        }
        Set<String> parentNiches = new HashSet<>();
        for (Proposal p : run.proposals()) {
            if (!p.origin().operator().isEvolutionStrategy()) {
                p.parentIds().forEach(parent -> parentNiches.add(nicheOf.get(parent)));
            }
        }
        assertThat(parentNiches.size()).isGreaterThanOrEqualTo(6);
    }
}
