package dev.lossforge.service.candidate;

import dev.lossforge.sandbox.LossRejectedException;
import dev.lossforge.service.web.ApiException;
import dev.lossforge.service.web.FieldError;
import org.springframework.http.HttpStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A user's loss the sandbox rejected: 422 with the reason, line and column; the candidate is stored as INVALID. */
class CandidateRejectedException extends ApiException {

    private final long candidateId;
    private final LossRejectedException rejection;

    CandidateRejectedException(long candidateId, LossRejectedException rejection) {
        super("the code was rejected (" + rejection.kind() + "): " + rejection.getMessage()
                        + "; it is stored as INVALID candidate " + candidateId,
                List.of(new FieldError("code", rejection.getMessage())));
        this.candidateId = candidateId;
        this.rejection = rejection;
    }

    @Override
    public HttpStatus status() {
        return HttpStatus.UNPROCESSABLE_CONTENT;
    }

    @Override
    public Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("candidateId", candidateId);
        properties.put("kind", rejection.kind().name());
        properties.put("reason", rejection.reason());
        properties.put("line", rejection.line() == 0 ? null : rejection.line());
        properties.put("column", rejection.column() == 0 ? null : rejection.column());
        return properties;
    }
}
