package dev.lossforge.service.web;

import org.springframework.http.HttpStatus;

import java.util.List;

/** An id that names nothing: 404. */
public class NotFoundException extends ApiException {

    public NotFoundException(String what, long id) {
        super(what + " " + id + " does not exist", List.of());
    }

    /** For things named otherwise than by an id (a built-in loss). */
    public NotFoundException(String message) {
        super(message, List.of());
    }

    @Override
    public HttpStatus status() {
        return HttpStatus.NOT_FOUND;
    }
}
