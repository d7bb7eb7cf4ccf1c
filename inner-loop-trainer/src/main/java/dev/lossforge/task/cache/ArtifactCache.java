package dev.lossforge.task.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Artefacts that are expensive to build and the same for every candidate (pretrained references,
 * SFT warm-ups), kept on disk between runs and processes.
 *
 * <p>An entry is {@code magic, key, payload, SHA-256 of all before it}. It is used only when the
 * file is complete, its checksum matches, its key is the one asked for and the caller's decoder
 * accepts the payload (a shape that does not fit the model throws); anything else is rebuilt and
 * overwritten. Writes go to a temporary file in the same directory that is then renamed over the
 * entry, so a reader sees the old entry or the new one, never half of one, and two workers that
 * build the same entry at once both succeed. A directory that cannot be written costs the cache,
 * not the run.
 */
public final class ArtifactCache {

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactCache.class);
    private static final byte[] MAGIC = "LFCACHE1".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST_BYTES = 32;

    private final Path directory;

    public ArtifactCache(Path directory) {
        this.directory = directory;
    }

    /** @param fromCache whether the value came from a sound entry rather than a fresh build */
    public record Result<T>(T value, boolean fromCache) {
    }

    public Path directory() {
        return directory;
    }

    public Path pathOf(CacheKey key) {
        return directory.resolve(key.fileName());
    }

    /**
     * @param decode turns a payload into the value; throws {@link IllegalArgumentException} for
     *               a payload that does not fit
     * @param build  makes the payload from scratch
     */
    public <T> Result<T> getOrBuild(CacheKey key, Function<byte[], T> decode, Supplier<byte[]> build) {
        Path path = pathOf(key);
        byte[] stored = read(path, key);
        if (stored != null) {
            try {
                return new Result<>(decode.apply(stored), true);
            } catch (IllegalArgumentException e) {
                LOG.warn("cache entry {} does not fit ({}); rebuilding it", path, e.getMessage());
            }
        }
        byte[] payload = build.get();
        write(path, key, payload);
        return new Result<>(decode.apply(payload), false);
    }

    /** The payload of a sound entry for {@code key}, or {@code null}. */
    private static byte[] read(Path path, CacheKey key) {
        byte[] file;
        try {
            file = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.warn("cache entry {} cannot be read ({}); rebuilding it", path, e.getMessage());
            return null;
        }
        String problem = problem(file, key);
        if (problem != null) {
            LOG.warn("cache entry {} is damaged ({}); rebuilding it", path, problem);
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(file);
        buffer.position(MAGIC.length);
        int keyLength = buffer.getInt();
        buffer.position(buffer.position() + keyLength);
        int payloadLength = Math.toIntExact(buffer.getLong());
        return Arrays.copyOfRange(file, buffer.position(), buffer.position() + payloadLength);
    }

    /** What is wrong with the entry at {@code path}, or {@code null} if nothing is (for tests and tools). */
    public static String problemOf(Path path, CacheKey key) throws IOException {
        return problem(Files.readAllBytes(path), key);
    }

    /** What is wrong with an entry's bytes, or {@code null} if nothing is. */
    static String problem(byte[] file, CacheKey key) {
        int minimum = MAGIC.length + Integer.BYTES + Long.BYTES + DIGEST_BYTES;
        if (file.length < minimum) {
            return "only " + file.length + " bytes";
        }
        if (!Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return "not a cache entry";
        }
        int body = file.length - DIGEST_BYTES;
        if (!Arrays.equals(sha256(file, body), 0, DIGEST_BYTES, file, body, file.length)) {
            return "checksum mismatch";
        }
        ByteBuffer buffer = ByteBuffer.wrap(file, 0, body);
        buffer.position(MAGIC.length);
        int keyLength = buffer.getInt();
        if (keyLength < 0 || keyLength > buffer.remaining() - Long.BYTES) {
            return "bad key length";
        }
        String storedKey = new String(file, buffer.position(), keyLength, StandardCharsets.UTF_8);
        if (!storedKey.equals(key.canonical())) {
            return "written for another key";
        }
        buffer.position(buffer.position() + keyLength);
        long payloadLength = buffer.getLong();
        if (payloadLength != buffer.remaining()) {
            return "payload length " + payloadLength + " does not match the file";
        }
        return null;
    }

    private void write(Path path, CacheKey key, byte[] payload) {
        Path temporary = null;
        try {
            Files.createDirectories(directory);
            temporary = Files.createTempFile(directory, key.fileName() + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                out.write(encode(key, payload));
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException e) {
            LOG.warn("cannot write cache entry {} ({}); continuing without it", path, e.getMessage());
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // a stray temporary file is harmless: entries never match its name
                }
            }
        }
    }

    static byte[] encode(CacheKey key, byte[] payload) {
        byte[] keyBytes = key.canonical().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + keyBytes.length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(keyBytes.length);
            out.write(keyBytes);
            out.writeLong(payload.length);
            out.write(payload);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] body = bytes.toByteArray();
        byte[] digest = sha256(body, body.length);
        byte[] file = Arrays.copyOf(body, body.length + DIGEST_BYTES);
        System.arraycopy(digest, 0, file, body.length, DIGEST_BYTES);
        return file;
    }

    private static byte[] sha256(byte[] data, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(data, 0, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
