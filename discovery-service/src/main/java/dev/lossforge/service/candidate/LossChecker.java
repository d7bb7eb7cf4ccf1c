package dev.lossforge.service.candidate;

import dev.lossforge.sandbox.LossRejectedException;
import dev.lossforge.sandbox.LossValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The service's sandbox: every candidate's code passes here before it is stored. */
@Component
public class LossChecker {

    private static final Logger log = LoggerFactory.getLogger(LossChecker.class);

    // thread-safe: it serialises its gradient work on the sandbox's GradientGate
    private final LossValidator validator = new LossValidator();

    public CodeCheck check(String code) {
        try {
            return CodeCheck.passed(validator.validate(code));
        } catch (LossRejectedException e) {
            return CodeCheck.rejected(e);
        } catch (RuntimeException | StackOverflowError e) {
            log.warn("The sandbox failed on a candidate's code", e);
            return CodeCheck.rejected(new LossRejectedException(LossRejectedException.Kind.SMOKE_TEST,
                    "the sandbox could not check this code: " + e));
        }
    }
}
