package dev.jrec.analysis;

/** The capture was recorded without the source an analysis reads; the message says how to record it. */
public final class MissingSourceException extends Exception {
    public MissingSourceException(String message) {
        super(message);
    }
}
