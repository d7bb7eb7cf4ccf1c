package dev.lossforge.task.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class ArtifactCacheTest {

    private static final CacheKey KEY = new CacheKey("tinylm-sentiment", "default", Map.of("layers", 2, "format", 1), 42);
    private static final Function<byte[], String> AS_TEXT = b -> new String(b, StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final AtomicInteger builds = new AtomicInteger();

    private Supplier<byte[]> builder(String value) {
        return () -> {
            builds.incrementAndGet();
            return value.getBytes(StandardCharsets.UTF_8);
        };
    }

    @Test
    void buildsOnceThenLoads() {
        ArtifactCache cache = new ArtifactCache(dir);

        ArtifactCache.Result<String> first = cache.getOrBuild(KEY, AS_TEXT, builder("weights"));
        ArtifactCache.Result<String> second = cache.getOrBuild(KEY, AS_TEXT, builder("other"));

        assertThat(first.fromCache()).isFalse();
        assertThat(second.fromCache()).isTrue();
        assertThat(second.value()).isEqualTo("weights");
        assertThat(builds).hasValue(1);
        assertThat(cache.pathOf(KEY).getFileName().toString()).startsWith("tinylm-sentiment-default-42-").endsWith(".bin");
    }

    @Test
    void anotherSeedOrSettingIsAnotherEntry() {
        ArtifactCache cache = new ArtifactCache(dir);
        cache.getOrBuild(KEY, AS_TEXT, builder("a"));
        cache.getOrBuild(new CacheKey("tinylm-sentiment", "default", Map.of("layers", 2, "format", 1), 43), AS_TEXT, builder("b"));
        cache.getOrBuild(new CacheKey("tinylm-sentiment", "default", Map.of("layers", 3, "format", 1), 42), AS_TEXT, builder("c"));

        assertThat(builds).hasValue(3);
    }

    @Test
    void truncatedEntryIsRebuiltAndOverwritten() throws IOException {
        ArtifactCache cache = new ArtifactCache(dir);
        cache.getOrBuild(KEY, AS_TEXT, builder("weights"));
        Path entry = cache.pathOf(KEY);
        byte[] whole = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(whole, whole.length - 5));

        ArtifactCache.Result<String> result = cache.getOrBuild(KEY, AS_TEXT, builder("rebuilt"));

        assertThat(result.fromCache()).isFalse();
        assertThat(result.value()).isEqualTo("rebuilt");
        assertThat(builds).hasValue(2);
        assertThat(cache.getOrBuild(KEY, AS_TEXT, builder("again")).value()).isEqualTo("rebuilt");
        assertThat(builds).hasValue(2);
    }

    @Test
    void everySingleBitFlipIsDetected() throws IOException {
        ArtifactCache cache = new ArtifactCache(dir);
        cache.getOrBuild(KEY, AS_TEXT, builder("weights"));
        byte[] whole = Files.readAllBytes(cache.pathOf(KEY));

        for (int bit = 0; bit < whole.length * 8; bit++) {
            byte[] damaged = whole.clone();
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(ArtifactCache.problem(damaged, KEY)).as("bit %d", bit).isNotNull();
        }
        assertThat(ArtifactCache.problem(whole, KEY)).isNull();
    }

    @Test
    void flippedPayloadBitIsRebuilt() throws IOException {
        ArtifactCache cache = new ArtifactCache(dir);
        cache.getOrBuild(KEY, AS_TEXT, builder("weights"));
        Path entry = cache.pathOf(KEY);
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length - 33] ^= 0x04; // last payload byte: 's' becomes 'w'
        Files.write(entry, bytes);

        ArtifactCache.Result<String> result = cache.getOrBuild(KEY, AS_TEXT, builder("weights"));

        assertThat(result.fromCache()).isFalse();
        assertThat(builds).hasValue(2);
        assertThat(Files.readAllBytes(entry)).isEqualTo(ArtifactCache.encode(KEY, "weights".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void entryOfAnotherKeyAtThisPathIsNotTrusted() throws IOException {
        ArtifactCache cache = new ArtifactCache(dir);
        CacheKey other = new CacheKey("hh-rlhf", "harmless-base", Map.of(), 42);
        Files.write(cache.pathOf(KEY), ArtifactCache.encode(other, "foreign".getBytes(StandardCharsets.UTF_8)));

        ArtifactCache.Result<String> result = cache.getOrBuild(KEY, AS_TEXT, builder("own"));

        assertThat(result.value()).isEqualTo("own");
        assertThat(builds).hasValue(1);
    }

    @Test
    void payloadTheDecoderRejectsIsRebuilt() {
        ArtifactCache cache = new ArtifactCache(dir);
        cache.getOrBuild(KEY, AS_TEXT, builder("shape [2, 3]"));
        Function<byte[], String> strict = b -> {
            String text = AS_TEXT.apply(b);
            if (!text.equals("shape [4, 4]")) {
                throw new IllegalArgumentException("wrong shape " + text);
            }
            return text;
        };

        ArtifactCache.Result<String> result = cache.getOrBuild(KEY, strict, builder("shape [4, 4]"));

        assertThat(result.fromCache()).isFalse();
        assertThat(result.value()).isEqualTo("shape [4, 4]");
        assertThat(cache.getOrBuild(KEY, strict, builder("never")).fromCache()).isTrue();
    }

    @Test
    void concurrentBuildersBothSucceedAndLeaveOneSoundEntry() throws Exception {
        ArtifactCache cache = new ArtifactCache(dir);
        byte[] big = new byte[4 << 20];
        new java.util.Random(1).nextBytes(big);
        String payload = java.util.Base64.getEncoder().encodeToString(big);
        CountDownLatch start = new CountDownLatch(1);
        Callable<String> worker = () -> {
            start.await();
            return cache.getOrBuild(KEY, AS_TEXT, builder(payload)).value();
        };
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(worker));
            }
            start.countDown();
            for (Future<String> f : results) {
                assertThat(f.get()).isEqualTo(payload);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ArtifactCache.problem(Files.readAllBytes(cache.pathOf(KEY)), KEY)).isNull();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(cache.pathOf(KEY));
        }
    }

    @Test
    void unwritableDirectoryCostsTheCacheNotTheRun() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        ArtifactCache cache = new ArtifactCache(file.resolve("cache"));

        ArtifactCache.Result<String> result = cache.getOrBuild(KEY, AS_TEXT, builder("weights"));

        assertThat(result.value()).isEqualTo("weights");
        assertThat(result.fromCache()).isFalse();
    }
}
