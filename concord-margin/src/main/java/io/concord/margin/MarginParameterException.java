package io.concord.margin;

/** A risk parameter file that cannot be used: names the file, the key and what is wrong. */
public class MarginParameterException extends RuntimeException {
    public MarginParameterException(String message) {
        super(message);
    }

    public MarginParameterException(String message, Throwable cause) {
        super(message, cause);
    }
}
