package dev.lossforge.service.proposer.llm;

/**
 * The campaign's history as prompt text.
 *
 * @param baselines one line per baseline shown
 * @param best      one line per best candidate shown, best first
 * @param recent    one line per recent candidate shown, newest first
 * @param shown     candidates shown
 * @param omitted   candidates left out for the token bound
 */
record ContextSections(String baselines, String best, String recent, int shown, int omitted) {

    /** The same, counting candidates that were never handed to the builder as omitted too. */
    ContextSections plusOmitted(int more) {
        return new ContextSections(baselines, best, recent, shown, omitted + more);
    }
}
