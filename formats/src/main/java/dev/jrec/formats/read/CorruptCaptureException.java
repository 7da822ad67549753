package dev.jrec.formats.read;

/** A capture whose bytes fail their checksums; {@link #damage} says where, for callers that word their own line. */
public final class CorruptCaptureException extends CaptureFormatException {
    private final String damage;

    CorruptCaptureException(String message, String damage) {
        super(message);
        this.damage = damage;
    }

    /** E.g. "page 4 of 7 of column 'wait_ns' in row group 3 of 12 fails its checksum (at byte 123456)". */
    public String damage() {
        return damage;
    }
}
