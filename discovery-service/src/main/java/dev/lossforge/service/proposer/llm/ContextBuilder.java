package dev.lossforge.service.proposer.llm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Chooses which candidates a prompt shows within a token allowance, however many the campaign
 * holds: the DPO baseline and the best candidates first, then the most recent ones (failures
 * with their short error, so the model does not repeat them), then the other baselines, then
 * more of the best and the recent in turn until the allowance or the per-section limit is reached.
 */
final class ContextBuilder {

    private static final String NONE = "(none yet)";
    private static final String NOT_SHOWN = "(not shown: the prompt's token bound is reached)";

    private final TokenEstimator tokens;
    private final ContextLimits limits;

    ContextBuilder(TokenEstimator tokens, ContextLimits limits) {
        this.tokens = tokens;
        this.limits = limits;
    }

    /**
     * @param candidates every candidate of the campaign, in any order
     * @param allowance  estimated tokens the three sections may take together
     */
    ContextSections build(List<CandidateSummary> candidates, int allowance) {
        List<CandidateSummary> baselines = candidates.stream()
                .filter(CandidateSummary::baseline)
                .sorted(byFitness())
                .toList();
        List<CandidateSummary> best = candidates.stream()
                .filter(c -> !c.baseline() && c.evaluated())
                .sorted(byFitness())
                .limit(limits.maxBest())
                .toList();
        List<CandidateSummary> newestFirst = candidates.stream()
                .filter(c -> !c.baseline())
                .sorted(Comparator.comparingLong(CandidateSummary::sequence).reversed())
                .limit(limits.maxBest() + limits.maxRecent())
                .toList();

        List<Line> chosen = new ArrayList<>();
        Set<CandidateSummary> used = Collections.newSetFromMap(new IdentityHashMap<>());
        int[] budget = {allowance};
        Picker basePick = new Picker(baselines, Section.BASELINE, limits.maxBaselines());
        Picker bestPick = new Picker(best, Section.BEST, limits.maxBest());
        Picker recentPick = new Picker(newestFirst, Section.RECENT, limits.maxRecent());

        // DPO is what every fitness is compared with: it goes first when present
        baselines.stream().filter(c -> c.name().equalsIgnoreCase("dpo")).findFirst()
                .ifPresent(dpo -> basePick.take(dpo, chosen, used, budget));
        for (int i = 0; i < 3; i++) {
            bestPick.next(chosen, used, budget);
        }
        for (int i = 0; i < 3; i++) {
            recentPick.next(chosen, used, budget);
        }
        while (basePick.next(chosen, used, budget)) {
            // every baseline that fits and is allowed
        }
        boolean more = true;
        while (more) {
            boolean a = bestPick.next(chosen, used, budget);
            boolean b = recentPick.next(chosen, used, budget);
            more = a || b;
        }

        String baseText = join(chosen, Section.BASELINE, byFitness(), !baselines.isEmpty());
        String bestText = join(chosen, Section.BEST, byFitness(), !best.isEmpty());
        String recentText = join(chosen, Section.RECENT, Comparator.comparingLong(CandidateSummary::sequence).reversed(),
                !newestFirst.isEmpty());
        return new ContextSections(baseText, bestText, recentText, used.size(), candidates.size() - used.size());
    }

    private enum Section { BASELINE, BEST, RECENT }

    private record Line(Section section, CandidateSummary candidate, String text) {
    }

    /** Walks one ordered list, adding lines while they fit; a line too long is skipped, not fatal. */
    private final class Picker {
        private final List<CandidateSummary> order;
        private final Section section;
        private final int max;
        private int position;
        private int taken;

        Picker(List<CandidateSummary> order, Section section, int max) {
            this.order = order;
            this.section = section;
            this.max = max;
        }

        /** @return whether a line was added */
        boolean next(List<Line> chosen, Set<CandidateSummary> used, int[] budget) {
            while (taken < max && position < order.size()) {
                CandidateSummary candidate = order.get(position++);
                if (!used.contains(candidate) && take(candidate, chosen, used, budget)) {
                    return true;
                }
            }
            return false;
        }

        boolean take(CandidateSummary candidate, List<Line> chosen, Set<CandidateSummary> used, int[] budget) {
            if (taken >= max || used.contains(candidate)) {
                return false;
            }
            String text = line(candidate, section);
            int cost = tokens.estimate(text) + 1;
            if (cost > budget[0]) {
                return false;
            }
            budget[0] -= cost;
            chosen.add(new Line(section, candidate, text));
            used.add(candidate);
            taken++;
            return true;
        }
    }

    private String line(CandidateSummary c, Section section) {
        StringBuilder out = new StringBuilder("- ").append(c.name());
        if (section == Section.RECENT || !"EVALUATED".equalsIgnoreCase(c.status())) {
            out.append(" [").append(c.status()).append(']');
        }
        if (c.fitness() != null) {
            out.append(": fitness ").append(number(c.fitness()));
            if (c.ciLow() != null && c.ciHigh() != null) {
                out.append(", 95% CI [").append(number(c.ciLow())).append(", ").append(number(c.ciHigh())).append(']');
            }
        }
        if (c.error() != null && !c.error().isBlank()) {
            out.append(": error: ").append(shorten(c.error(), limits.maxErrorChars()));
        }
        if (section != Section.BASELINE && c.hypothesis() != null && !c.hypothesis().isBlank()
                && limits.maxThoughtChars() > 0) {
            out.append(" (idea: ").append(shorten(c.hypothesis(), limits.maxThoughtChars())).append(')');
        }
        return out.toString();
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    static String shorten(String text, int max) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, Math.max(0, max - 3)) + "...";
    }

    private static String join(List<Line> lines, Section section, Comparator<CandidateSummary> order, boolean anyExist) {
        List<Line> mine = lines.stream()
                .filter(l -> l.section() == section)
                .sorted(Comparator.comparing(Line::candidate, order))
                .toList();
        if (mine.isEmpty()) {
            return anyExist ? NOT_SHOWN : NONE;
        }
        StringBuilder out = new StringBuilder();
        for (Line line : mine) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(line.text());
        }
        return out.toString();
    }

    /** Highest fitness first; unevaluated last; ties by creation order. */
    private static Comparator<CandidateSummary> byFitness() {
        return Comparator.comparing((CandidateSummary c) -> c.fitness() == null ? Double.NEGATIVE_INFINITY : c.fitness())
                .reversed()
                .thenComparingLong(CandidateSummary::sequence);
    }
}
