package dev.lossforge.service.web;

import org.springframework.http.HttpStatus;

import java.util.List;

/** A field or a body over its size limit: 413. */
public class PayloadTooLargeException extends ApiException {

    public PayloadTooLargeException(String field, String message) {
        super(message, field == null ? List.of() : List.of(new FieldError(field, message)));
    }

    @Override
    public HttpStatus status() {
        return HttpStatus.CONTENT_TOO_LARGE;
    }
}
