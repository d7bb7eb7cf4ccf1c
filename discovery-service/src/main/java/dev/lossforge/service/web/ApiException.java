package dev.lossforge.service.web;

import org.springframework.http.HttpStatus;

import java.util.List;
import java.util.Map;

/**
 * A mistake of the caller, answered as an RFC 9457 problem. Subclasses fix the status; the
 * fields at fault travel as the problem's {@code field} and {@code errors} properties.
 */
public abstract class ApiException extends RuntimeException {

    private final List<FieldError> errors;

    protected ApiException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public abstract HttpStatus status();

    public List<FieldError> errors() {
        return errors;
    }

    /** More properties of the problem body. */
    public Map<String, Object> properties() {
        return Map.of();
    }
}
