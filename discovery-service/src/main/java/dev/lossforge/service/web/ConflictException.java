package dev.lossforge.service.web;

import org.springframework.http.HttpStatus;

import java.util.List;

/** A request that does not fit the current state (pausing a finished campaign, reporting on a lease not held): 409. */
public class ConflictException extends ApiException {

    public ConflictException(String message) {
        super(message, List.of());
    }

    @Override
    public HttpStatus status() {
        return HttpStatus.CONFLICT;
    }
}
