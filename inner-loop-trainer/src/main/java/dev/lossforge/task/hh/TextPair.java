package dev.lossforge.task.hh;

/**
 * One human preference: a prompt and two responses to it.
 *
 * @param prompt   the context, e.g. a dialogue up to and including its last {@code "\n\nAssistant:"}
 * @param chosen   the preferred response
 * @param rejected the other response
 */
public record TextPair(String prompt, String chosen, String rejected) {
}
