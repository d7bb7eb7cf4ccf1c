package dev.lossforge.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test sources under {@code src/test/resources/sandbox}. */
final class Sources {

    private Sources() {
    }

    static String good(String file) {
        return read("/sandbox/good/" + file);
    }

    static String hostile(String file) {
        return read("/sandbox/hostile/" + file);
    }

    private static String read(String resource) {
        try (InputStream in = Sources.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test source " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
