package dev.jrec.cli;

import picocli.CommandLine.IVersionProvider;

final class Version implements IVersionProvider {
    static String jrec() {
        String v = Jrec.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"jrec " + jrec() + " (capture format " + dev.jrec.formats.schema.FormatVersion.CURRENT + ")"};
    }
}
