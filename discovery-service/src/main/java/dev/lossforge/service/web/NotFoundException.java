package dev.lossforge.service.web;

import org.springframework.http.HttpStatus;

import java.util.List;

/** An id that names nothing: 404. */
public class NotFoundException extends ApiException {

    public NotFoundException(String what, long id) {
        super(what + " " + id + " does not exist", List.of());
    }

    @Override
    public HttpStatus status() {
        return HttpStatus.NOT_FOUND;
    }
}
