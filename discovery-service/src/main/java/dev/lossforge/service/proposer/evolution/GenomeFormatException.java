package dev.lossforge.service.proposer.evolution;

/** A genome (JSON or tree) that breaks the grammar; the message names where, as a JSON path. */
public class GenomeFormatException extends IllegalArgumentException {

    private final String path;

    public GenomeFormatException(String path, String message) {
        super(path + ": " + message);
        this.path = path;
    }

    /** Where in the genome, as a JSON path such as {@code $.args[1].op}. */
    public String path() {
        return path;
    }
}
