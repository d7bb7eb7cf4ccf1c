package dev.lossforge.service.proposer.evolution;

/** A campaign's evolution setting is wrong; {@link #key()} names it (the service reports {@code proposerConfig.KEY}). */
public class InvalidSettingException extends IllegalArgumentException {

    private final String key;
    private final String reason;

    public InvalidSettingException(String key, String reason) {
        super(key + ": " + reason);
        this.key = key;
        this.reason = reason;
    }

    public String key() {
        return key;
    }

    /** What is wrong with it, without the key. */
    public String reason() {
        return reason;
    }
}
