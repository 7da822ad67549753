package dev.jrec.dist;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Build time: the licenses of what an edition carries. From {@code third-party.tsv} (every jar by name prefix), writes
 * the edition's {@code NOTICE} (one line per jar: component, license, texts), copies the license texts into
 * {@code licenses/}, and the license and notice files inside jars that have them into {@code licenses/JAR/}. A jar
 * that the table does not name fails the build, so a new dependency cannot ship without its license.
 *
 * <pre>
 * Notice EDITION_DIR TSV LICENSE_TEXTS_DIR "EDITION NAME" VERSION
 * Notice --debian-copyright EDITION_DIR TSV OUT_FILE LIBBPF_COPYRIGHT   (after the first form, for the .deb)
 * </pre>
 */
public final class Notice {
    private Notice() {}

    record Row(String prefix, String component, String license, List<String> texts, String home) {}

    public static void main(String[] args) throws IOException {
        if (args[0].equals("--debian-copyright")) {
            debianCopyright(Path.of(args[1]), rows(Path.of(args[2])), Path.of(args[3]), Path.of(args[4]));
            return;
        }
        Path edition = Path.of(args[0]);
        List<Row> rows = rows(Path.of(args[1]));
        Path texts = Path.of(args[2]);
        String name = args[3], version = args[4];
        Path licenses = edition.resolve("licenses");
        Files.createDirectories(licenses);
        StringBuilder n = new StringBuilder();
        n.append("jrec ").append(version).append(", ").append(name).append("\n\n");
        n.append("jrec's own code: see LICENSE. Its BPF programs (inside lib/jrec-bpf-*.jar) are GPL-2.0, as the kernel requires\n");
        n.append("of programs that use its GPL-only helpers (licenses/GPL-2.0.txt).\n\n");
        n.append("This edition carries these third-party components:\n\n");
        n.append("runtime/  the Java runtime, OpenJDK ").append(Runtime.version().feature()).append(" (Eclipse Temurin build), linked with jlink:\n");
        n.append("          GPL-2.0-only WITH Classpath-exception-2.0; its texts and its components' notices are in runtime/legal/\n");
        n.append("lib/native/libbpf.so.1  libbpf (Debian's libbpf1 package of the build machine): LGPL-2.1 OR BSD-2-Clause;\n");
        n.append("          licenses/libbpf.copyright; needs glibc 2.28 or later, libelf.so.1 and libz.so.1 on the host\n");
        copyText(texts, licenses, "GPL-2.0.txt");
        copyText(texts, licenses, "LGPL-2.1.txt");
        for (Path jar : jars(edition.resolve("lib"))) {
            String file = jar.getFileName().toString();
            Row r = rows.stream().filter(x -> file.startsWith(x.prefix())).findFirst().orElse(null);
            if (r == null) {
                System.err.println("dist: lib/" + edition.relativize(jar).toString().replaceFirst("^lib/", "")
                        + " is not in dist/src/dist/third-party.tsv: add its component, license and texts there");
                System.exit(1);
            }
            if (r.prefix().equals("jrec-")) continue;
            List<String> where = new ArrayList<>();
            for (String t : r.texts()) {
                if (t.equals("-")) continue;
                if (t.equals("jar:")) {
                    String dir = "licenses/" + file.replaceFirst("\\.jar$", "");
                    if (extractLicenseFiles(jar, edition.resolve(dir)) > 0) where.add(dir + "/");
                } else if (t.startsWith("runtime:")) {
                    where.add("runtime/legal/" + t.substring("runtime:".length()));
                } else {
                    copyText(texts, licenses, t);
                    where.add("licenses/" + t);
                }
            }
            n.append(String.format(Locale.ROOT, "%s  %s (%s): %s; %s%n", edition.relativize(jar), r.component(), r.home(), r.license(),
                    where.isEmpty() ? "-" : String.join(", ", where)));
        }
        Files.writeString(edition.resolve("NOTICE"), n.toString());
    }

    static List<Row> rows(Path tsv) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t");
            if (f.length != 5) throw new IllegalArgumentException(tsv + ": 5 tab-separated fields expected: " + line);
            rows.add(new Row(f[0], f[1], f[2], List.of(f[3].split(",")), f[4]));
        }
        return rows;
    }

    static List<Path> jars(Path lib) throws IOException {
        try (Stream<Path> s = Files.walk(lib)) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static void copyText(Path from, Path to, String name) throws IOException {
        Files.copy(from.resolve(name), to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /** META-INF/LICENSE*, NOTICE*, *-LICENSE: what a jar says of its own licenses. */
    private static int extractLicenseFiles(Path jar, Path dir) throws IOException {
        int n = 0;
        try (ZipFile z = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !name.startsWith("META-INF/") || name.indexOf('/', 9) >= 0) continue;
                String base = name.substring(9).toUpperCase(Locale.ROOT);
                if (!(base.startsWith("LICENSE") || base.startsWith("NOTICE") || base.contains("-LICENSE"))) continue;
                Files.createDirectories(dir);
                try (InputStream in = z.getInputStream(entry)) {
                    Files.copy(in, dir.resolve(name.substring(9)), StandardCopyOption.REPLACE_EXISTING);
                }
                n++;
            }
        }
        return n;
    }

    /** /usr/share/doc/jrec/copyright, in Debian's machine-readable format, pointing to the texts under /usr/lib/jrec. */
    private static void debianCopyright(Path edition, List<Row> rows, Path out, Path libbpf) throws IOException {
        StringBuilder c = new StringBuilder();
        c.append("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n");
        c.append("Upstream-Name: jrec\n");
        c.append("Comment: jrec bundles a Java runtime, libbpf and the Java libraries below. Full license texts: /usr/lib/jrec/licenses/,\n");
        c.append(" /usr/lib/jrec/runtime/legal/ and /usr/lib/jrec/NOTICE; the common ones also in /usr/share/common-licenses/.\n\n");
        c.append("Files: *\nCopyright: jrec authors\nLicense: see /usr/lib/jrec/LICENSE\nComment: the BPF programs inside lib/jrec-bpf-*.jar are GPL-2.0.\n\n");
        c.append("Files: usr/lib/jrec/runtime/*\nCopyright: Oracle and/or its affiliates, and the OpenJDK contributors\n");
        c.append("License: GPL-2.0-only WITH Classpath-exception-2.0\n See /usr/lib/jrec/runtime/legal/java.base/LICENSE and the other files in /usr/lib/jrec/runtime/legal/.\n\n");
        Map<Row, TreeSet<String>> files = new LinkedHashMap<>();
        for (Path jar : jars(edition.resolve("lib"))) {
            String file = jar.getFileName().toString();
            rows.stream().filter(x -> file.startsWith(x.prefix())).findFirst()
                    .filter(r -> !r.prefix().equals("jrec-"))
                    .ifPresent(r -> files.computeIfAbsent(r, k -> new TreeSet<>()).add("usr/lib/jrec/" + edition.relativize(jar)));
        }
        for (Map.Entry<Row, TreeSet<String>> e : files.entrySet()) {
            Row r = e.getKey();
            c.append("Files: ").append(String.join("\n ", e.getValue())).append("\n");
            c.append("Copyright: the ").append(r.component()).append(" authors, ").append(r.home()).append("\n");
            c.append("License: ").append(r.license()).append("\n See /usr/lib/jrec/NOTICE for where its text is.\n\n");
        }
        c.append("Files: usr/lib/jrec/lib/native/libbpf.so.1\n");
        c.append("Comment: Debian's libbpf1 package of the build machine; its copyright file follows.\n");
        for (String l : Files.readAllLines(libbpf)) c.append(l.isEmpty() ? " ." : " " + l).append("\n");
        Files.writeString(out, c.toString());
    }
}
