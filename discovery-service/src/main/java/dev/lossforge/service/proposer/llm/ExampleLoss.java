package dev.lossforge.service.proposer.llm;

import dev.lossforge.loss.BuiltinLosses;

/** The complete valid loss the system prompt shows: the built-in DPO, as the library compiles it. */
final class ExampleLoss {

    private ExampleLoss() {
    }

    /** DPO's source without its package line (a proposed loss needs none). */
    static String dpo() {
        return BuiltinLosses.get("dpo").source().replaceFirst("(?m)^\\s*package\\s+[\\w.]+\\s*;\\s*\\n", "").strip();
    }
}
