package dev.lossforge.task.cache;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CacheLocationTest {

    @Test
    void environmentVariableWins() {
        assertThat(CacheLocation.resolve("/data/cache", "/home/u")).isEqualTo(Path.of("/data/cache"));
    }

    @Test
    void homeDirectoryOtherwise() {
        assertThat(CacheLocation.resolve(null, "/home/u")).isEqualTo(Path.of("/home/u/.lossforge/cache"));
        assertThat(CacheLocation.resolve("  ", "/home/u")).isEqualTo(Path.of("/home/u/.lossforge/cache"));
    }
}
