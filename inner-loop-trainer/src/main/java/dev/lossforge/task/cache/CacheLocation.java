package dev.lossforge.task.cache;

import java.nio.file.Path;

/**
 * Where references and warm-ups are cached when nobody says otherwise: the directory named by
 * the environment variable {@value #ENVIRONMENT_VARIABLE}, else {@code ~/.lossforge/cache}.
 */
public final class CacheLocation {

    public static final String ENVIRONMENT_VARIABLE = "LOSSFORGE_CACHE_DIR";

    private CacheLocation() {
    }

    public static Path defaultDirectory() {
        return resolve(System.getenv(ENVIRONMENT_VARIABLE), System.getProperty("user.home"));
    }

    static Path resolve(String environmentValue, String userHome) {
        if (environmentValue != null && !environmentValue.isBlank()) {
            return Path.of(environmentValue.trim());
        }
        return Path.of(userHome, ".lossforge", "cache");
    }
}
