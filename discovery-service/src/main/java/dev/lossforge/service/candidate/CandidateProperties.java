package dev.lossforge.service.candidate;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Candidates ({@code lossforge.candidates.*}).
 *
 * @param maxCodeBytes  the largest loss source accepted, in UTF-8 bytes
 * @param maxNameLength the longest name accepted
 */
@ConfigurationProperties("lossforge.candidates")
public record CandidateProperties(
        @DefaultValue("65536") int maxCodeBytes,
        @DefaultValue("120") int maxNameLength) {
}
