package dev.lossforge.service.proposer.evolution;

/** A campaign's evolution setting is wrong; {@link #key()} names it (the service reports {@code proposerConfig.KEY}). */
public class InvalidSettingException extends IllegalArgumentException {

    private final String key;

    public InvalidSettingException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
