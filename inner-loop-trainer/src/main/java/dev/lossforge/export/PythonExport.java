package dev.lossforge.export;

/**
 * A loss as a Python module for PyTorch users.
 *
 * @param python  the module text (UTF-8), defining {@code loss(...)}
 * @param origin  how it was made
 * @param builtin the built-in loss it translates, or null for a rendered one
 */
public record PythonExport(String python, Origin origin, String builtin) {

    /** How the Python was made. */
    public enum Origin {
        /** A built-in loss, translated by hand ({@link PyTorchExport}). */
        BUILTIN,
        /** Rendered by the loss's own proposer ({@link PythonRenderable}). */
        RENDERED
    }

    /** The media type to serve it with. */
    public static final String MEDIA_TYPE = "text/x-python; charset=utf-8";
}
