package dev.lossforge.service.web;

import org.springframework.http.HttpStatus;

import java.util.List;

/** A missing or wrong credential: 401. */
public class UnauthorizedException extends ApiException {

    public UnauthorizedException(String message) {
        super(message, List.of());
    }

    @Override
    public HttpStatus status() {
        return HttpStatus.UNAUTHORIZED;
    }
}
