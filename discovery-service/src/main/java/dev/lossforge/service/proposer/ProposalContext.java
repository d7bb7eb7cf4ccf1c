package dev.lossforge.service.proposer;

import dev.lossforge.service.campaign.Campaign;
import dev.lossforge.service.candidate.CandidateSummary;
import dev.lossforge.service.candidate.CodeCheck;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** What a proposer may know and do while it proposes for one campaign. */
public interface ProposalContext {

    /** The campaign as it was when the proposal started. */
    Campaign campaign();

    /** Candidates ranked by fitness on the discovery task, best first (scored ones only). */
    List<CandidateSummary> best(int limit);

    /** The most recent candidates, failures included, newest first. */
    List<CandidateSummary> recent(int limit);

    /** The baseline candidates of the campaign. */
    List<CandidateSummary> baselines();

    /** Names of every candidate in the campaign. */
    Set<String> names();

    /** Names of the built-in losses the campaign holds already (as baselines or proposals). */
    Set<String> builtinNames();

    /** Whether a candidate of this campaign has the same code, up to whitespace and comments. */
    boolean knownCode(String code);

    /** Compiles, smoke-tests and fingerprints code in the service's sandbox. */
    CodeCheck check(String code);

    /** Randomness fixed by the campaign's random seed and the proposals made so far. */
    Random random();

    /** What the proposer saved for this campaign last time (empty at first). */
    Map<String, Object> state();

    /** Keeps state for the next proposal, and for after a restart. */
    void saveState(Map<String, Object> state);
}
