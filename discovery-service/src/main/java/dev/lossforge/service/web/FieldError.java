package dev.lossforge.service.web;

/** One field of a request at fault, named as the caller wrote it ({@code seeds[2]}, {@code taskConfig.steps}). */
public record FieldError(String field, String message) {
}
