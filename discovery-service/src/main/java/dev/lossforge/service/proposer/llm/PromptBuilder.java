package dev.lossforge.service.proposer.llm;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Renders a proposal's messages from its templates, fitting the campaign's history into the
 * token bound: what is fixed (system prompt, task, contract, parent) is measured first, and the
 * history gets what remains.
 */
final class PromptBuilder {

    private static final int MAX_FITTING_ROUNDS = 6;

    private final TokenEstimator tokens;
    private final ContextLimits limits;
    private final Supplier<String> exampleLoss;

    /** @param exampleLoss the Java source shown as the complete valid example in the system prompt */
    PromptBuilder(TokenEstimator tokens, ContextLimits limits, Supplier<String> exampleLoss) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.exampleLoss = Objects.requireNonNull(exampleLoss, "exampleLoss");
    }

    /**
     * @throws PromptTemplateException when a template is missing or lacks a value, or when the fixed
     *                                 parts alone exceed the bound
     */
    RenderedPrompt build(PromptSet templates, ProposalRequest request) {
        Map<String, String> values = new HashMap<>();
        values.put("exampleLoss", exampleLoss.get().strip());
        values.put("task", request.task());
        values.put("taskName", request.taskName());
        values.put("variant", request.variant());
        values.put("beta", Double.toString(request.beta()));
        values.put("taskSettings", settings(request.taskSettings()));
        values.put("fitnessMetric", request.fitnessMetric());
        values.put("totalCandidates", Integer.toString(request.totalCandidates()));

        String system = templates.get(PromptLibrary.SYSTEM).render(values);
        String task = templates.get(PromptLibrary.taskFile(request.taskName())).render(values);
        String contract = templates.get(PromptLibrary.OUTPUT_CONTRACT).render(values);
        values.put("parent", parent(templates, request.parent(), true));

        int max = limits.maxPromptTokens();
        int unlisted = request.totalCandidates() - request.candidates().size();
        ContextSections empty = new ContextSections("", "", "", 0, request.totalCandidates());
        int fixed = tokens.estimate(system) + tokens.estimate(user(task, feedback(templates, values, empty), contract));
        if (fixed > max && request.parent() != null) {
            values.put("parent", parent(templates, request.parent(), false));
            fixed = tokens.estimate(system) + tokens.estimate(user(task, feedback(templates, values, empty), contract));
        }
        if (fixed > max) {
            throw new PromptTemplateException("the prompt without any results already takes about " + fixed
                    + " tokens, more than maxPromptTokens = " + max + ": raise the bound or shorten the templates");
        }

        ContextBuilder context = new ContextBuilder(tokens, limits);
        int allowance = max - fixed;
        for (int round = 0; ; round++) {
            ContextSections sections = context.build(request.candidates(), allowance).plusOmitted(unlisted);
            String user = user(task, feedback(templates, values, sections), contract);
            int total = tokens.estimate(system) + tokens.estimate(user);
            if (total <= max || round == MAX_FITTING_ROUNDS) {
                if (total > max) {
                    sections = context.build(request.candidates(), 0).plusOmitted(unlisted);
                    user = user(task, feedback(templates, values, sections), contract);
                    total = tokens.estimate(system) + tokens.estimate(user);
                }
                return new RenderedPrompt(system, user, templates, total, sections.shown(), sections.omitted());
            }
            // joining lines can cost a little more than the lines alone: shrink by the overshoot
            allowance -= (total - max) + 8;
        }
    }

    /** The repair turn's text, from the same templates as the first turn. */
    String repair(PromptSet templates, String error, String advice, int turn, int maxTurns) {
        Map<String, String> values = new HashMap<>();
        values.put("error", error);
        values.put("advice", advice == null ? "" : advice);
        values.put("turn", Integer.toString(turn));
        values.put("maxTurns", Integer.toString(maxTurns));
        return templates.get(PromptLibrary.REPAIR).render(values).strip();
    }

    private static String user(String task, String feedback, String contract) {
        return task.strip() + "\n\n" + feedback.strip() + "\n\n" + contract.strip();
    }

    private static String feedback(PromptSet templates, Map<String, String> values, ContextSections sections) {
        Map<String, String> all = new HashMap<>(values);
        all.put("baselines", sections.baselines());
        all.put("best", sections.best());
        all.put("recent", sections.recent());
        all.put("shownCandidates", Integer.toString(sections.shown()));
        all.put("omittedCandidates", Integer.toString(sections.omitted()));
        return templates.get(PromptLibrary.FEEDBACK).render(all);
    }

    private static String parent(PromptSet templates, ParentCandidate parent, boolean withCode) {
        if (parent == null) {
            return "";
        }
        Map<String, String> values = new HashMap<>();
        values.put("parentId", parent.id());
        values.put("parentName", parent.name());
        values.put("parentThought", parent.hypothesis() == null || parent.hypothesis().isBlank()
                ? "(not recorded)" : parent.hypothesis().strip());
        values.put("parentFitness", parent.fitness() == null ? "not evaluated yet"
                : "fitness " + ContextBuilder.number(parent.fitness())
                + (parent.ciLow() == null || parent.ciHigh() == null ? ""
                : ", 95% CI [" + ContextBuilder.number(parent.ciLow()) + ", " + ContextBuilder.number(parent.ciHigh()) + "]"));
        values.put("parentCode", withCode ? parent.code().strip()
                : "// (the code is too long for this prompt's token bound; work from the idea above)");
        return templates.get(PromptLibrary.PARENT).render(values);
    }

    private static String settings(Map<String, ?> settings) {
        if (settings.isEmpty()) {
            return "the variant's default settings";
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, ?> entry : new TreeMap<>(settings).entrySet()) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(entry.getKey()).append(" = ").append(entry.getValue());
        }
        return out.toString();
    }
}
