package dev.lossforge.service.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The token workers authenticate with: lossforge.workers.token, or a random one made at start
 * for the local workers (remote workers then cannot connect, which the log says). The token is
 * never logged.
 */
@Component
class WorkerToken {

    private static final Logger log = LoggerFactory.getLogger(WorkerToken.class);

    private final byte[] token;
    private final String value;

    WorkerToken(WorkerProperties properties) {
        if (properties.token().isEmpty()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            log.info("No worker token configured: generated one for the local workers; set LOSSFORGE_WORKERS_TOKEN "
                    + "to let remote workers connect");
        } else {
            value = properties.token();
        }
        token = value.getBytes(StandardCharsets.UTF_8);
    }

    /** Constant-time comparison. */
    boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** For the local workers this service starts. */
    String value() {
        return value;
    }
}
