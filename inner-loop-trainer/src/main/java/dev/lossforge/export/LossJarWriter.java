package dev.lossforge.export;

import dev.lossforge.sandbox.CompiledLoss;
import dev.lossforge.sandbox.LossCompiler;
import dev.lossforge.sandbox.LossRejectedException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * Writes losses into a JAR that the trainer loads with {@code --loss export.jar} and any JVM
 * program loads through {@link java.util.ServiceLoader} (layout: {@link LossJarLayout}).
 *
 * <p>Two steps: {@link #compile} moves a candidate's source into a package of its own and
 * compiles it in the sandbox; {@link #write} puts one or more compiled losses into a JAR. A
 * service endpoint:
 *
 * <pre>{@code
 * ExportedLoss loss = writer.compile(candidate.code(), info);     // LossRejectedException: 422
 * byte[] jar = writer.toBytes(List.of(loss), Instant.now());
 * }</pre>
 *
 * <p>The output is deterministic: the same losses and export time give the same bytes (fixed
 * entry order and timestamps, metadata in a fixed field order, no time-zone dependence).
 *
 * <p>Thread-safe and stateless.
 */
public final class LossJarWriter {

    /** Every entry's timestamp; the export time itself is in the JSON. */
    static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private final LossCompiler compiler;

    public LossJarWriter() {
        this(new LossCompiler());
    }

    public LossJarWriter(LossCompiler compiler) {
        this.compiler = compiler;
    }

    /**
     * Compiles a candidate's source in the sandbox after moving it into the package
     * {@code lossforge.export.c<first 16 hex digits of the SHA-256 of source>}.
     *
     * @throws LossRejectedException when the source does not compile in the sandbox (a candidate that
     *                               was valid when it was proposed does, with the same trainer)
     */
    public ExportedLoss compile(String source, CandidateInfo info) throws LossRejectedException {
        String relocated = SourceRelocation.relocate(source, SourceRelocation.packageFor(source));
        CompiledLoss loss = compiler.compile(relocated);
        String originalPackage = SourceRelocation.declaredPackage(source);
        String original = originalPackage.isEmpty() ? loss.simpleName() : originalPackage + "." + loss.simpleName();
        return new ExportedLoss(info, original, loss);
    }

    /** {@link #write} into a byte array. */
    public byte[] toBytes(List<ExportedLoss> losses, Instant exportedAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(losses, exportedAt, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /**
     * Writes the JAR. One loss gets {@code candidate.json}, several get {@code candidates.json} in
     * the order given (best first). The stream is finished but not closed.
     *
     * @param exportedAt the export time recorded in the JSON (the only time in the JAR)
     * @throws IllegalArgumentException for no losses, or two losses with the same class name
     */
    public void write(List<ExportedLoss> losses, Instant exportedAt, OutputStream out) throws IOException {
        java.util.Objects.requireNonNull(exportedAt, "exportedAt");
        if (losses.isEmpty()) {
            throw new IllegalArgumentException("nothing to export: give at least one loss");
        }
        Set<String> classes = new HashSet<>();
        List<String> classNames = new ArrayList<>();
        List<String> sourceHashes = new ArrayList<>();
        // class entries from every loss, sorted by entry name: the order of the map Janino returned does not matter
        Map<String, byte[]> classEntries = new TreeMap<>();
        for (ExportedLoss loss : losses) {
            for (Map.Entry<String, byte[]> e : loss.loss().classFiles().entrySet()) {
                if (!classes.add(e.getKey())) {
                    throw new IllegalArgumentException("two losses in one JAR define the class " + e.getKey()
                            + ": compile each with LossJarWriter.compile, which gives every source its own package"
                            + " (is the same source in the list twice?)");
                }
                classEntries.put(LossJarLayout.classEntry(e.getKey()), e.getValue());
            }
            classNames.add(loss.className());
            sourceHashes.add(sha256(loss.loss().source()));
        }

        boolean single = losses.size() == 1;
        String index = single ? LossJarLayout.CANDIDATE_JSON : LossJarLayout.CANDIDATES_JSON;
        JarOutputStream jar = new JarOutputStream(out);
        put(jar, "META-INF/", new byte[0]);
        put(jar, "META-INF/MANIFEST.MF", manifest(classNames, index));
        put(jar, LossJarLayout.SERVICES, (String.join("\n", classNames) + "\n").getBytes(StandardCharsets.UTF_8));
        put(jar, index, single
                ? CandidateJson.single(losses.get(0), exportedAt, sourceHashes.get(0))
                : CandidateJson.several(losses, exportedAt, sourceHashes));
        for (ExportedLoss loss : losses) {
            put(jar, LossJarLayout.sourceEntry(loss.className()), loss.loss().source().getBytes(StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, byte[]> e : classEntries.entrySet()) {
            put(jar, e.getKey(), e.getValue());
        }
        jar.finish();
    }

    /** A file name for the download, e.g. {@code lossforge-scaled-dpo.jar}. */
    public static String fileName(String candidateName) {
        String slug = candidateName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        return "lossforge-" + (slug.isEmpty() ? "loss" : slug) + ".jar";
    }

    private static byte[] manifest(List<String> classNames, String index) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Created-By", "LossForge");
        main.putValue(LossJarLayout.ATTRIBUTE_FORMAT, LossJarLayout.FORMAT_VERSION);
        main.putValue(LossJarLayout.ATTRIBUTE_CANDIDATES, Integer.toString(classNames.size()));
        main.putValue(LossJarLayout.ATTRIBUTE_INDEX, index);
        main.putValue(LossJarLayout.ATTRIBUTE_CLASSES, String.join(" ", classNames));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        manifest.write(bytes);
        return bytes.toByteArray();
    }

    private static void put(JarOutputStream jar, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        // a local date-time is stored as is: setTime(long) would convert through the default time zone
        entry.setTimeLocal(ENTRY_TIME);
        jar.putNextEntry(entry);
        jar.write(content);
        jar.closeEntry();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
