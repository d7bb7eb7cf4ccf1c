package dev.lossforge.service.web;

import dev.lossforge.task.InvalidTaskException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every error of the API as an RFC 9457 problem body. The field at fault is the {@code field}
 * property, and {@code errors} lists all of them, as {@code [{field, message}]}. No stack trace
 * ever reaches a caller: unexpected errors are logged with a reference the body quotes.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
        ProblemDetail problem = problem(e.status(), e.getMessage(), request, e.errors());
        e.properties().forEach(problem::setProperty);
        return respond(problem);
    }

    @ExceptionHandler(InvalidTaskException.class)
    ResponseEntity<ProblemDetail> invalidTask(InvalidTaskException e, HttpServletRequest request) {
        return respond(problem(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage(), request,
                List.of(new FieldError(e.field(), e.getMessage()))));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        String message = "'" + e.getValue() + "' is not a valid " + e.getName();
        return respond(problem(HttpStatus.BAD_REQUEST, message, request, List.of(new FieldError(e.getName(), message))));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected error on {} {} (reference {})", request.getMethod(), request.getRequestURI(), reference, e);
        ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "the service failed unexpectedly; its log has the details under reference " + reference,
                request, List.of());
        problem.setProperty("reference", reference);
        return respond(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = e.getMostSpecificCause();
        String field = null;
        String message;
        if (cause instanceof JacksonException jackson) {
            field = path(jackson.getPath());
            message = cause instanceof StreamReadException
                    ? "malformed JSON: " + jackson.getOriginalMessage()
                    : (field == null ? "" : field + ": ") + jackson.getOriginalMessage();
        } else if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            message = "the request needs a JSON body";
        } else {
            message = "the request body is not readable JSON";
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message);
        if (field != null && !field.isEmpty()) {
            problem.setProperty("field", field);
            problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        }
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : references) {
            if (ref.getPropertyName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? null : path.toString();
    }

    private static ProblemDetail problem(HttpStatus status, String detail, HttpServletRequest request,
                                         List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        if (!errors.isEmpty()) {
            problem.setProperty("field", errors.get(0).field());
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
