package io.concord.mapping;

/** A mapping file that cannot be loaded: names the file and what is wrong with it. */
public class MappingException extends RuntimeException {
    public MappingException(String message) {
        super(message);
    }

    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
