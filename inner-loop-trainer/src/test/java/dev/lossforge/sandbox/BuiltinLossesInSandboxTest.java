package dev.lossforge.sandbox;

import dev.lossforge.loss.BatchValues;
import dev.lossforge.loss.BuiltinLoss;
import dev.lossforge.loss.BuiltinLosses;
import dev.lossforge.loss.LossProbe;
import dev.lossforge.loss.ProbeResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every built-in loss's packaged source passes the whole sandbox (source check, allow-list
 * compile, bytecode check, smoke test, fingerprint) and computes what the built-in class computes:
 * the service stores these sources as the baseline candidates and workers compile them like any
 * other.
 */
class BuiltinLossesInSandboxTest {

    private static final LossValidator VALIDATOR = new LossValidator();

    static Stream<BuiltinLoss> builtins() {
        return BuiltinLosses.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtins")
    void validatesInTheSandboxAndMatchesTheBuiltinClass(BuiltinLoss builtin) throws Exception {
        ValidatedLoss validated = VALIDATOR.validate(builtin.source());

        assertThat(validated.loss().className()).isEqualTo(builtin.type().getName());
        assertThat(validated.loss().newInstance().getClass()).isNotSameAs(builtin.type());
        assertThat(validated.needsRewards()).isEqualTo(builtin.needsRewards());

        // a batch with soft labels and rewards, log-ratio differences of both signs, lengths > 1
        BatchValues batch = RandomBatches.realistic(7, 12, 2.0);
        ProbeResult expected = LossProbe.probe(builtin.newInstance(), batch);
        ProbeResult actual = LossProbe.probe(validated.loss().newInstance(), batch);
        assertThat(actual.losses()).containsExactly(expected.losses(), within(1e-12));
        assertThat(actual.gradPolicyChosen()).containsExactly(expected.gradPolicyChosen(), within(1e-12));
        assertThat(actual.gradPolicyRejected()).containsExactly(expected.gradPolicyRejected(), within(1e-12));
        assertThat(actual.gradReferenceChosen()).containsExactly(expected.gradReferenceChosen(), within(1e-12));

        // the fingerprint is that of the built-in class on the probe batch
        assertThat(validated.fingerprint())
                .isEqualTo(BehaviourFingerprint.of(LossProbe.probe(builtin.newInstance(),
                        BehaviourFingerprint.probeBatch())));
    }

    @org.junit.jupiter.api.Test
    void everyBuiltinHasItsOwnFingerprint() throws Exception {
        java.util.Map<BehaviourFingerprint, String> seen = new java.util.HashMap<>();
        for (BuiltinLoss builtin : BuiltinLosses.all()) {
            BehaviourFingerprint f = BehaviourFingerprint.of(LossProbe.probe(builtin.newInstance(),
                    BehaviourFingerprint.probeBatch()));
            assertThat(seen.put(f, builtin.name())).as("%s has the fingerprint of %s", builtin.name(),
                    seen.get(f)).isNull();
        }
        assertThat(seen).hasSize(BuiltinLosses.all().size());
    }
}
