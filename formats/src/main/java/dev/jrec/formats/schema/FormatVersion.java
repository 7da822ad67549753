package dev.jrec.formats.schema;

/** Format version rules: readers open every minor of their major; a newer major is refused by name. */
public record FormatVersion(int major, int minor) {
    public static final FormatVersion CURRENT = new FormatVersion(1, 4);

    public static FormatVersion parse(String s) {
        String[] p = s.trim().split("\\.");
        if (p.length != 2) throw new IllegalArgumentException("bad format version '" + s + "'");
        return new FormatVersion(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
    }

    public boolean readableBy(FormatVersion reader) {
        return major == reader.major;
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
