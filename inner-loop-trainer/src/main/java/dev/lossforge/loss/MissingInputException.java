package dev.lossforge.loss;

/** A loss needs an input that the batch does not carry (reward scores, say). */
public class MissingInputException extends IllegalArgumentException {

    public MissingInputException(String message) {
        super(message);
    }
}
