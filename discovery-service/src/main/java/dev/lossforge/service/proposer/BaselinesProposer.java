package dev.lossforge.service.proposer;

import dev.lossforge.loss.BuiltinLoss;
import dev.lossforge.loss.BuiltinLosses;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.Set;

/**
 * Proposes the rest of the built-in library, in its documented order, one loss at a time: a
 * campaign that compares the whole library on its task with no search at all.
 */
@Component
class BaselinesProposer implements Proposer {

    @Override
    public String name() {
        return "baselines";
    }

    @Override
    public Optional<Proposal> propose(ProposalContext context) {
        Set<String> present = context.builtinNames();
        for (BuiltinLoss loss : BuiltinLosses.all()) {
            if (!present.contains(loss.name())) {
                return Optional.of(Proposal.of(loss.name(), loss.summary(), loss.source()));
            }
        }
        return Optional.empty();
    }
}
