package dev.lossforge.export;

import dev.lossforge.sandbox.CompiledLoss;
import dev.lossforge.sandbox.LossCompiler;
import dev.lossforge.sandbox.LossRejectedException;
import dev.lossforge.sandbox.LossValidator;
import dev.lossforge.sandbox.ValidatedLoss;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads exported JARs without trusting them. A JAR is a file a user chose to load, but it may
 * come from someone else, so its bytecode is never defined in this JVM:
 *
 * <ol>
 *   <li>its structure must be exactly what {@link LossJarWriter} writes: a LossForge manifest
 *       (without {@code Class-Path}), one index, a services file listing the index's classes,
 *       a source per loss, and no entry besides those and the compiled classes (no extra
 *       classes, no {@code META-INF/versions}, no other services);</li>
 *   <li>every embedded source is compiled again by the sandbox ({@link LossCompiler}: source
 *       check, allow-list class loaders, bytecode check), and each class in the JAR must be
 *       byte-for-byte what that compilation produces; so every class in a JAR that passes is
 *       sandbox output, which also makes the JAR safe for the plain ServiceLoader path;</li>
 *   <li>the loss that runs is the recompiled one, from the sandbox's class loader, after the
 *       smoke test of {@link LossValidator}, exactly as for a {@code FILE.java}.</li>
 * </ol>
 *
 * A JAR written by another LossForge version whose Janino compiles differently is refused by
 * step 2 with a message saying so; export it again with this version.
 *
 * <p>Entries are read with size limits, so a zip bomb costs at most a few megabytes.
 * Thread-safe.
 */
public final class LossJarReader {

    static final int MAX_ENTRIES = 4096;
    static final int MAX_CLASS_BYTES = 1 << 20;
    static final int MAX_SOURCE_BYTES = 4 * LossCompiler.MAX_SOURCE_CHARS;
    static final int MAX_INDEX_BYTES = 4 << 20;
    static final int MAX_SMALL_BYTES = 64 << 10;

    private final LossCompiler compiler;
    private final LossValidator validator;

    public LossJarReader() {
        this(new LossCompiler(), new LossValidator());
    }

    public LossJarReader(LossCompiler compiler, LossValidator validator) {
        this.compiler = compiler;
        this.validator = validator;
    }

    /**
     * Checks the structure and reads the index and sources; compiles nothing.
     *
     * @throws LossJarException for a file that is not a LossForge export or is damaged
     * @throws IOException      when the file cannot be read
     */
    public LossJar read(Path file) throws IOException, LossJarException {
        return open(file).jar();
    }

    /**
     * Reads the JAR and compiles every source again in the sandbox, checking that the JAR's
     * classes are exactly the sandbox's output. Returns the recompiled losses in index order.
     *
     * @throws LossJarException      for a damaged or changed JAR
     * @throws LossRejectedException when an embedded source does not pass the sandbox compiler
     */
    public List<CompiledLoss> verify(Path file) throws IOException, LossJarException, LossRejectedException {
        return recompile(open(file));
    }

    /**
     * Verifies the whole JAR ({@link #verify}), picks one loss ({@link LossJar#select}) and
     * smoke-tests it.
     *
     * @param selector the candidate name, class name or rank; null for a JAR with one loss
     * @throws LossRejectedException when the loss fails the sandbox's compilation or smoke test
     */
    public LoadedLoss load(Path file, String selector) throws IOException, LossJarException, LossRejectedException {
        Contents contents = open(file);
        JarLoss chosen = contents.jar().select(selector);
        List<CompiledLoss> compiled = recompile(contents);
        CompiledLoss loss = compiled.get(contents.jar().losses().indexOf(chosen));
        ValidatedLoss validated = validator.validate(loss);
        return new LoadedLoss(chosen, validated);
    }

    /** The structure-checked JAR plus its class entries. */
    private record Contents(LossJar jar, Map<String, byte[]> classEntries) {
    }

    private List<CompiledLoss> recompile(Contents contents) throws LossJarException, LossRejectedException {
        Set<String> verified = new HashSet<>();
        List<CompiledLoss> result = new ArrayList<>();
        for (JarLoss loss : contents.jar().losses()) {
            CompiledLoss compiled;
            try {
                compiled = compiler.compile(loss.source());
            } catch (LossRejectedException e) {
                throw new LossRejectedException(e.kind(), e.line(), e.column(), "the source of " + loss.describe()
                        + " in the JAR: " + e.reason());
            }
            if (!compiled.className().equals(loss.className())) {
                throw new LossJarException(contents.jar().file() + ": the source of " + loss.describe()
                        + " declares class " + compiled.className() + ", but the index names " + loss.className());
            }
            for (Map.Entry<String, byte[]> e : compiled.classFiles().entrySet()) {
                String entry = LossJarLayout.classEntry(e.getKey());
                byte[] inJar = contents.classEntries().get(entry);
                if (inJar == null) {
                    throw new LossJarException(contents.jar().file() + " lacks " + entry + ", the class of "
                            + loss.describe());
                }
                if (!Arrays.equals(inJar, e.getValue())) {
                    throw new LossJarException(contents.jar().file() + ": " + entry + " is not what its source "
                            + "compiles to in the sandbox: the JAR was changed after export, or written by another "
                            + "LossForge version (export it again)");
                }
                verified.add(entry);
            }
            result.add(compiled);
        }
        for (String entry : contents.classEntries().keySet()) {
            if (!verified.contains(entry)) {
                throw new LossJarException(contents.jar().file() + " holds " + entry + ", which no source in it "
                        + "compiles to: refusing a JAR with classes that did not come from the sandbox");
            }
        }
        return result;
    }

    private Contents open(Path file) throws IOException, LossJarException {
        if (!Files.isRegularFile(file)) {
            throw new LossJarException("loss JAR not found: " + file);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return open(file, zip);
        } catch (ZipException e) {
            throw new LossJarException(file + " is not a JAR (" + e.getMessage() + ")");
        }
    }

    private Contents open(Path file, ZipFile zip) throws IOException, LossJarException {
        Map<String, ZipEntry> entries = new LinkedHashMap<>();
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
            ZipEntry e = all.nextElement();
            if (entries.size() >= MAX_ENTRIES) {
                throw new LossJarException(file + " has more than " + MAX_ENTRIES + " entries");
            }
            if (entries.put(e.getName(), e) != null) {
                throw new LossJarException(file + " has two entries named " + e.getName());
            }
        }
        ZipEntry manifestEntry = entries.get("META-INF/MANIFEST.MF");
        if (manifestEntry == null) {
            throw new LossJarException(file + " is not a LossForge export (it has no manifest)");
        }
        Manifest manifest = new Manifest(new ByteArrayInputStream(bytes(file, zip, manifestEntry, MAX_SMALL_BYTES)));
        Attributes main = manifest.getMainAttributes();
        String format = main.getValue(LossJarLayout.ATTRIBUTE_FORMAT);
        if (format == null) {
            throw new LossJarException(file + " is not a LossForge export (its manifest has no "
                    + LossJarLayout.ATTRIBUTE_FORMAT + ")");
        }
        if (!format.equals(LossJarLayout.FORMAT_VERSION)) {
            throw new LossJarException(file + " is a LossForge export of format " + format + "; this trainer reads "
                    + "format " + LossJarLayout.FORMAT_VERSION);
        }
        if (main.getValue(Attributes.Name.CLASS_PATH) != null) {
            throw new LossJarException(file + ": its manifest has a Class-Path, which would pull other JARs onto "
                    + "the class path; a LossForge export has none");
        }

        boolean single = entries.containsKey(LossJarLayout.CANDIDATE_JSON);
        boolean several = entries.containsKey(LossJarLayout.CANDIDATES_JSON);
        if (single == several) {
            throw new LossJarException(file + " must hold exactly one of " + LossJarLayout.CANDIDATE_JSON + " and "
                    + LossJarLayout.CANDIDATES_JSON);
        }
        String indexName = single ? LossJarLayout.CANDIDATE_JSON : LossJarLayout.CANDIDATES_JSON;
        CandidateJson.Index index;
        try {
            index = CandidateJson.read(bytes(file, zip, entries.get(indexName), MAX_INDEX_BYTES), indexName);
        } catch (LossJarException e) {
            throw new LossJarException(file + ": " + e.getMessage());
        }

        ZipEntry servicesEntry = entries.get(LossJarLayout.SERVICES);
        if (servicesEntry == null) {
            throw new LossJarException(file + " has no " + LossJarLayout.SERVICES);
        }
        List<String> services = serviceLines(bytes(file, zip, servicesEntry, MAX_SMALL_BYTES));
        List<String> indexed = index.entries().stream().map(CandidateJson.Entry::className).toList();
        if (!services.equals(indexed)) {
            throw new LossJarException(file + ": " + LossJarLayout.SERVICES + " lists " + services + " but the index "
                    + "lists " + indexed);
        }
        if (new LinkedHashSet<>(indexed).size() != indexed.size()) {
            throw new LossJarException(file + ": the index names a class twice: " + indexed);
        }

        Set<String> known = new HashSet<>(Set.of("META-INF/MANIFEST.MF", LossJarLayout.SERVICES, indexName));
        List<JarLoss> losses = new ArrayList<>();
        for (CandidateJson.Entry e : index.entries()) {
            ZipEntry sourceEntry = entries.get(e.sourceEntry());
            if (sourceEntry == null) {
                throw new LossJarException(file + " lacks " + e.sourceEntry() + ", the source of " + e.info().name());
            }
            String source = new String(bytes(file, zip, sourceEntry, MAX_SOURCE_BYTES), StandardCharsets.UTF_8);
            if (e.sourceSha256() != null && !e.sourceSha256().equals(LossJarWriter.sha256(source))) {
                throw new LossJarException(file + ": " + e.sourceEntry() + " does not have the SHA-256 its index "
                        + "records: the JAR was changed after export");
            }
            known.add(e.sourceEntry());
            losses.add(new JarLoss(e.rank(), e.info(), e.className(), e.originalClassName(), source));
        }

        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (ZipEntry e : entries.values()) {
            String name = e.getName();
            if (known.contains(name)) {
                continue;
            }
            if (name.endsWith("/")) {
                if (e.getSize() > 0) {
                    throw new LossJarException(file + ": directory entry " + name + " has content");
                }
                continue;
            }
            if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                classes.put(name, bytes(file, zip, e, MAX_CLASS_BYTES));
                continue;
            }
            throw new LossJarException(file + " holds an unexpected entry " + name + ": a LossForge export has only "
                    + "its manifest, index, services file, sources and classes");
        }
        return new Contents(new LossJar(file, index.exportedAt(), losses), classes);
    }

    private static List<String> serviceLines(byte[] bytes) {
        List<String> lines = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            int comment = line.indexOf('#');
            String name = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (!name.isEmpty()) {
                lines.add(name);
            }
        }
        return lines;
    }

    private static byte[] bytes(Path file, ZipFile zip, ZipEntry entry, int limit) throws IOException, LossJarException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new LossJarException(file + ": " + entry.getName() + " is larger than " + limit + " bytes");
            }
            return bytes;
        }
    }
}
