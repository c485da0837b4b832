package io.concord.margin.simm;

/** CRIF input SIMM cannot compute on (a bucket or tenor SIMM does not define, conflicting parameters). */
public final class SimmInputException extends RuntimeException {
    public SimmInputException(String message) {
        super(message);
    }
}
