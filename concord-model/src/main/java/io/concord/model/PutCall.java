package io.concord.model;

import java.util.Optional;

/** Option right. */
public enum PutCall {
    PUT, CALL;

    /** Accepts P/C, PUT/CALL and FIX's 0 (put) / 1 (call). */
    public static Optional<PutCall> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "P", "PUT", "0" -> Optional.of(PUT);
            case "C", "CALL", "1" -> Optional.of(CALL);
            default -> Optional.empty();
        };
    }
}
