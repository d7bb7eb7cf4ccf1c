package dev.lossforge.service.web;

import org.springframework.http.HttpStatus;

import java.util.List;
import java.util.stream.Collectors;

/** Well-formed JSON whose values do not fit: 422. */
public class InvalidRequestException extends ApiException {

    public InvalidRequestException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public InvalidRequestException(List<FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors);
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid request names at least one field");
        }
    }

    @Override
    public HttpStatus status() {
        return HttpStatus.UNPROCESSABLE_CONTENT;
    }
}
