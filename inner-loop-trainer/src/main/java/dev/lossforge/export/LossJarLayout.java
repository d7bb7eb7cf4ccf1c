package dev.lossforge.export;

/**
 * Where things are in an exported JAR (README, "Exporting losses"):
 *
 * <pre>
 * META-INF/MANIFEST.MF                                   LossForge-* attributes
 * META-INF/services/dev.lossforge.loss.PreferenceLoss    one loss class per line, in index order
 * META-INF/lossforge/candidate.json                      one loss, or
 * META-INF/lossforge/candidates.json                     several (a campaign's top N), best first
 * META-INF/lossforge/sources/lossforge/export/cHASH/Name.java   the source each class was compiled from
 * lossforge/export/cHASH/Name.class                      the class, compiled by the sandbox
 * </pre>
 *
 * Each loss lives in a package of its own, {@code lossforge.export.c} followed by the first 16 hex
 * digits of the SHA-256 of the candidate's source: two candidates that both call their class
 * {@code ScaledDpo} stay apart in one JAR, and so do two exported JARs on one class path.
 */
public final class LossJarLayout {

    /** The ServiceLoader registration. */
    public static final String SERVICES = "META-INF/services/dev.lossforge.loss.PreferenceLoss";
    /** The metadata of a one-loss JAR. */
    public static final String CANDIDATE_JSON = "META-INF/lossforge/candidate.json";
    /** The index of a JAR with several losses. */
    public static final String CANDIDATES_JSON = "META-INF/lossforge/candidates.json";
    /** Folder of the sources, laid out by package like the classes. */
    public static final String SOURCES = "META-INF/lossforge/sources/";
    /** Parent package of the generated per-loss packages. */
    public static final String PACKAGE_PREFIX = "lossforge.export.c";

    /** Manifest attribute: the layout version, {@value #FORMAT_VERSION}. */
    public static final String ATTRIBUTE_FORMAT = "LossForge-Export-Format";
    /** Manifest attribute: how many losses the JAR holds. */
    public static final String ATTRIBUTE_CANDIDATES = "LossForge-Candidates";
    /** Manifest attribute: the loss classes, space-separated, in index order. */
    public static final String ATTRIBUTE_CLASSES = "LossForge-Loss-Classes";
    /** Manifest attribute: the metadata entry ({@link #CANDIDATE_JSON} or {@link #CANDIDATES_JSON}). */
    public static final String ATTRIBUTE_INDEX = "LossForge-Index";

    public static final String FORMAT_VERSION = "1";
    /** The {@code format} field of candidate.json. */
    public static final String CANDIDATE_FORMAT = "lossforge-candidate/1";
    /** The {@code format} field of candidates.json. */
    public static final String CANDIDATES_FORMAT = "lossforge-candidates/1";

    private LossJarLayout() {
    }

    /** The entry of a class, e.g. {@code lossforge/export/c0123/Name.class}. */
    public static String classEntry(String className) {
        return className.replace('.', '/') + ".class";
    }

    /** The entry of a class's source. */
    public static String sourceEntry(String className) {
        return SOURCES + className.replace('.', '/') + ".java";
    }
}
