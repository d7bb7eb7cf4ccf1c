package dev.lossforge.service.export;

import dev.lossforge.service.web.ApiException;
import dev.lossforge.service.web.FieldError;
import org.springframework.http.HttpStatus;

import java.util.List;
import java.util.Map;

/** A candidate whose Java has no mechanical PyTorch translation: 422, naming its code as the field at fault. */
class NotTranslatableProblem extends ApiException {

    private final long candidateId;

    NotTranslatableProblem(long candidateId, String message) {
        super(message, List.of(new FieldError("code", message)));
        this.candidateId = candidateId;
    }

    @Override
    public HttpStatus status() {
        return HttpStatus.UNPROCESSABLE_CONTENT;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("candidateId", candidateId, "jarExport", "/api/candidates/" + candidateId + "/export.jar");
    }
}
