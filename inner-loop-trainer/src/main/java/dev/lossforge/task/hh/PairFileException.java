package dev.lossforge.task.hh;

import dev.lossforge.task.InvalidTaskException;

/** A pair file that is missing, unreadable or has a line that is not a pair; the message names the line. */
public class PairFileException extends InvalidTaskException {

    public PairFileException(String message) {
        super("taskConfig.file", message);
    }
}
