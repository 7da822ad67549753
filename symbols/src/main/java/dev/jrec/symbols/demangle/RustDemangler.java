package dev.jrec.symbols.demangle;

import java.util.ArrayList;
import java.util.List;

/**
 * Demangles Rust symbols into what binutils' c++filt prints: legacy ones ({@code _ZN...17h<hash>E},
 * Itanium-shaped with {@code $LT$}-style escapes; the hash is kept, as c++filt keeps it) and v0 ones
 * ({@code _R...}, RFC 2603: crates with their disambiguator, {@code <T as Trait>} impls, generic
 * arguments, closures, backrefs, punycode identifiers). Null for what it cannot demangle.
 */
public final class RustDemangler {
    private RustDemangler() {}

    /** The demangled name, or null when mangled is not a Rust symbol this demangler understands. */
    public static String demangle(String mangled) {
        if (mangled == null) {
            return null;
        }
        if (mangled.startsWith("_ZN")) {
            try {
                return legacy(mangled);
            } catch (RuntimeException e) {
                return null;
            }
        }
        if (mangled.startsWith("_R")) {
            try {
                return new V0(mangled).symbol();
            } catch (RuntimeException | StackOverflowError e) {
                return null;
            }
        }
        return null;
    }

    // ---- legacy

    static String legacy(String s) {
        List<String> parts = new ArrayList<>();
        int p = 3;
        while (p < s.length() && s.charAt(p) != 'E') {
            int start = p;
            while (p < s.length() && Character.isDigit(s.charAt(p))) p++;
            if (p == start || p - start > 6) return null;
            int len = Integer.parseInt(s.substring(start, p));
            if (len <= 0 || p + len > s.length()) return null;
            parts.add(s.substring(p, p + len));
            p += len;
        }
        // after the E: nothing, or a suffix such as .llvm.NNN
        if (p >= s.length() || p + 1 < s.length() && s.charAt(p + 1) != '.' || parts.size() < 2) return null;
        String hash = parts.get(parts.size() - 1);
        if (hash.length() != 17 || hash.charAt(0) != 'h') return null;
        for (int i = 1; i < 17; i++) {
            char c = hash.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) out.append("::");
            if (!unescape(parts.get(i), out)) return null;
        }
        return out.toString();
    }

    private static boolean unescape(String c, StringBuilder out) {
        int i = 0;
        if (c.startsWith("_$")) i = 1;
        while (i < c.length()) {
            char ch = c.charAt(i);
            if (ch == '$') {
                int close = c.indexOf('$', i + 1);
                if (close < 0) return false;
                String e = c.substring(i + 1, close);
                switch (e) {
                    case "SP" -> out.append('@');
                    case "BP" -> out.append('*');
                    case "RF" -> out.append('&');
                    case "LT" -> out.append('<');
                    case "GT" -> out.append('>');
                    case "LP" -> out.append('(');
                    case "RP" -> out.append(')');
                    case "C" -> out.append(',');
                    default -> {
                        if (e.length() < 2 || e.charAt(0) != 'u') return false;
                        try {
                            int cp = Integer.parseInt(e.substring(1), 16);
                            if (!Character.isValidCodePoint(cp) || Character.isISOControl(cp)) return false;
                            out.appendCodePoint(cp);
                        } catch (NumberFormatException x) {
                            return false;
                        }
                    }
                }
                i = close + 1;
            } else if (ch == '.' && i + 1 < c.length() && c.charAt(i + 1) == '.') {
                out.append("::");
                i += 2;
            } else {
                out.append(ch);
                i++;
            }
        }
        return true;
    }

    // ---- v0

    private static final class V0 {
        final String s;
        int pos;
        final StringBuilder out = new StringBuilder();
        int depth;
        int boundLifetimes;

        V0(String s) {
            this.s = s;
        }

        String symbol() {
            pos = 2;
            if (Character.isDigit(peek())) decimal(); // encoding version
            path(true);
            // an instantiating crate may follow; then a vendor suffix (.llvm.NNN)
            if (pos < s.length() && peek() != '.') {
                StringBuilder saved = new StringBuilder(out);
                path(false);
                out.setLength(0);
                out.append(saved);
            }
            if (pos < s.length() && peek() != '.') throw new IllegalArgumentException();
            return out.toString();
        }

        char peek() {
            return pos < s.length() ? s.charAt(pos) : 0;
        }

        char next() {
            if (pos >= s.length()) throw new IllegalArgumentException("end");
            return s.charAt(pos++);
        }

        boolean consume(char c) {
            if (peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        long decimal() {
            int start = pos;
            while (Character.isDigit(peek())) pos++;
            if (pos == start) throw new IllegalArgumentException("number");
            if (s.charAt(start) == '0' && pos - start > 1) throw new IllegalArgumentException("leading 0");
            return Long.parseLong(s.substring(start, pos));
        }

        /** base-62-number: '_' is 0, digits then '_' are value + 1. */
        long base62() {
            if (consume('_')) return 0;
            long v = 0;
            while (true) {
                char c = next();
                if (c == '_') return v + 1;
                int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : c >= 'A' && c <= 'Z' ? c - 'A' + 36 : -1;
                if (d < 0) throw new IllegalArgumentException("base62");
                v = v * 62 + d; // wraps as a u64, as the crate hashes do
            }
        }

        long disambiguator() {
            return consume('s') ? base62() + 1 : 0;
        }

        /** undisambiguated-identifier: ["u"] decimal ["_"] bytes; punycode when "u". */
        String ident() {
            boolean puny = consume('u');
            int len = (int) decimal();
            consume('_');
            if (pos + len > s.length()) throw new IllegalArgumentException("ident");
            String raw = s.substring(pos, pos + len);
            pos += len;
            return puny ? punycode(raw) : raw;
        }

        int backref() {
            long i = base62();
            int target = (int) (2 + i);
            if (target >= pos - 1 || target < 2) throw new IllegalArgumentException("backref");
            return target;
        }

        void enter() {
            if (++depth > 200) throw new IllegalArgumentException("depth");
        }

        void path(boolean value) {
            enter();
            try {
                char c = next();
                switch (c) {
                    case 'C' -> {
                        long dis = disambiguator();
                        out.append(ident()).append('[').append(Long.toHexString(dis)).append(']');
                    }
                    case 'M' -> {
                        disambiguator();
                        skipPath();
                        out.append('<');
                        type();
                        out.append('>');
                    }
                    case 'X' -> {
                        disambiguator();
                        skipPath();
                        out.append('<');
                        type();
                        out.append(" as ");
                        path(false);
                        out.append('>');
                    }
                    case 'Y' -> {
                        out.append('<');
                        type();
                        out.append(" as ");
                        path(false);
                        out.append('>');
                    }
                    case 'N' -> {
                        char ns = next();
                        path(value);
                        long dis = disambiguator();
                        String name = ident();
                        if (Character.isUpperCase(ns)) {
                            out.append("::{").append(ns == 'C' ? "closure" : ns == 'S' ? "shim" : String.valueOf(ns));
                            if (!name.isEmpty()) out.append(':').append(name);
                            out.append('#').append(dis).append('}');
                        } else if (!name.isEmpty()) {
                            out.append("::").append(name);
                        }
                    }
                    case 'I' -> {
                        path(value);
                        if (value) out.append("::");
                        out.append('<');
                        boolean first = true;
                        while (!consume('E')) {
                            if (!first) out.append(", ");
                            first = false;
                            genericArg();
                        }
                        out.append('>');
                    }
                    case 'B' -> {
                        int target = backref();
                        int saved = pos;
                        pos = target;
                        path(value);
                        pos = saved;
                    }
                    default -> throw new IllegalArgumentException("path " + c);
                }
            } finally {
                depth--;
            }
        }

        /** An impl's path (printed nowhere: the impl is named by its type). */
        void skipPath() {
            int len = out.length();
            path(false);
            out.setLength(len);
        }

        void genericArg() {
            if (peek() == 'L') {
                pos++;
                lifetime(base62());
            } else if (consume('K')) {
                constant(true);
            } else {
                type();
            }
        }

        void lifetime(long i) {
            if (i == 0) {
                out.append("'_");
            } else if (i <= boundLifetimes) {
                long depthFromOuter = boundLifetimes - i;
                out.append('\'');
                if (depthFromOuter < 26) out.append((char) ('a' + depthFromOuter));
                else out.append('_').append(depthFromOuter);
            } else {
                throw new IllegalArgumentException("lifetime");
            }
        }

        private static final String[] BASIC = new String[128];

        static {
            String[][] b = {{"a", "i8"}, {"b", "bool"}, {"c", "char"}, {"d", "f64"}, {"e", "str"}, {"f", "f32"}, {"h", "u8"},
                    {"i", "isize"}, {"j", "usize"}, {"l", "i32"}, {"m", "u32"}, {"n", "i128"}, {"o", "u128"}, {"s", "i16"},
                    {"t", "u16"}, {"u", "()"}, {"v", "..."}, {"x", "i64"}, {"y", "u64"}, {"z", "!"}, {"p", "_"}};
            for (String[] e : b) BASIC[e[0].charAt(0)] = e[1];
        }

        void type() {
            enter();
            try {
                char c = peek();
                if (c < 128 && BASIC[c] != null) {
                    pos++;
                    out.append(BASIC[c]);
                    return;
                }
                switch (c) {
                    case 'A' -> {
                        pos++;
                        out.append('[');
                        type();
                        out.append("; ");
                        constant(true);
                        out.append(']');
                    }
                    case 'S' -> {
                        pos++;
                        out.append('[');
                        type();
                        out.append(']');
                    }
                    case 'T' -> {
                        pos++;
                        out.append('(');
                        int n = 0;
                        while (!consume('E')) {
                            if (n++ > 0) out.append(", ");
                            type();
                        }
                        if (n == 1) out.append(',');
                        out.append(')');
                    }
                    case 'R', 'Q' -> {
                        pos++;
                        out.append('&');
                        if (peek() == 'L') {
                            pos++;
                            long l = base62();
                            if (l != 0) {
                                lifetime(l);
                                out.append(' ');
                            }
                        }
                        if (c == 'Q') out.append("mut ");
                        type();
                    }
                    case 'P' -> {
                        pos++;
                        out.append("*const ");
                        type();
                    }
                    case 'O' -> {
                        pos++;
                        out.append("*mut ");
                        type();
                    }
                    case 'F' -> {
                        pos++;
                        fnSig();
                    }
                    case 'D' -> {
                        pos++;
                        dynBounds();
                    }
                    case 'B' -> {
                        pos++;
                        int target = backref();
                        int saved = pos;
                        pos = target;
                        type();
                        pos = saved;
                    }
                    default -> path(false);
                }
            } finally {
                depth--;
            }
        }

        int binder() {
            if (!consume('G')) return 0;
            int n = (int) base62() + 1;
            out.append("for<");
            for (int i = 0; i < n; i++) {
                if (i > 0) out.append(", ");
                boundLifetimes++;
                lifetime(1);
            }
            out.append("> ");
            return n;
        }

        void fnSig() {
            int bound = binder();
            if (consume('U')) out.append("unsafe ");
            if (consume('K')) {
                out.append("extern \"");
                if (consume('C')) {
                    out.append('C');
                } else {
                    out.append(ident().replace('_', '-'));
                }
                out.append("\" ");
            }
            out.append("fn(");
            int n = 0;
            while (!consume('E')) {
                if (n++ > 0) out.append(", ");
                type();
            }
            out.append(')');
            if (consume('u')) {
                // returns ()
            } else {
                out.append(" -> ");
                type();
            }
            boundLifetimes -= bound;
        }

        void dynBounds() {
            out.append("dyn ");
            int bound = binder();
            int n = 0;
            while (!consume('E')) {
                if (n++ > 0) out.append(" + ");
                dynTrait();
            }
            boundLifetimes -= bound;
            if (!consume('L')) throw new IllegalArgumentException("dyn lifetime");
            long l = base62();
            if (l != 0) {
                out.append(" + ");
                lifetime(l);
            }
        }

        void dynTrait() {
            // path, with the associated type bindings inside its generic arguments
            int start = out.length();
            path(false);
            boolean open = false;
            while (peek() == 'p') {
                pos++;
                if (!open) {
                    if (out.charAt(out.length() - 1) == '>') {
                        out.setLength(out.length() - 1);
                        out.append(", ");
                    } else {
                        out.append('<');
                    }
                    open = true;
                } else {
                    out.append(", ");
                }
                out.append(ident()).append(" = ");
                type();
            }
            if (open) out.append('>');
            if (out.length() == start) throw new IllegalArgumentException("dyn trait");
        }

        void constant(boolean withType) {
            if (consume('p')) {
                out.append('_');
                return;
            }
            if (peek() == 'B') {
                pos++;
                int target = backref();
                int saved = pos;
                pos = target;
                constant(withType);
                pos = saved;
                return;
            }
            char t = next();
            String type = t < 128 ? BASIC[t] : null;
            if (type == null) throw new IllegalArgumentException("const type");
            boolean neg = consume('n');
            int start = pos;
            while (peek() != '_') {
                char c = next();
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) throw new IllegalArgumentException("const");
            }
            String hex = s.substring(start, pos);
            pos++;
            java.math.BigInteger v = hex.isEmpty() ? java.math.BigInteger.ZERO : new java.math.BigInteger(hex, 16);
            switch (type) {
                case "bool" -> out.append(v.signum() == 0 ? "false" : "true");
                case "char" -> out.append('\'').appendCodePoint(v.intValueExact()).append('\'');
                default -> out.append(neg ? "-" : "").append(v);
            }
            if (withType) out.append(": ").append(type);
        }

        /** RFC 3492 punycode, as v0 writes it ('_' instead of '-' between the ASCII part and the deltas). */
        static String punycode(String in) {
            int sep = in.lastIndexOf('_');
            StringBuilder outp = new StringBuilder();
            List<Integer> cps = new ArrayList<>();
            if (sep >= 0) {
                for (int i = 0; i < sep; i++) cps.add((int) in.charAt(i));
            }
            int n = 128, bias = 72, i = 0;
            int p = sep + 1;
            while (p < in.length()) {
                int oldi = i, w = 1;
                for (int k = 36; ; k += 36) {
                    if (p >= in.length()) throw new IllegalArgumentException("punycode");
                    char c = in.charAt(p++);
                    int d = c >= 'a' && c <= 'z' ? c - 'a' : c >= '0' && c <= '9' ? c - '0' + 26 : -1;
                    if (d < 0) throw new IllegalArgumentException("punycode digit");
                    i = Math.addExact(i, Math.multiplyExact(d, w));
                    int t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
                    if (d < t) break;
                    w = Math.multiplyExact(w, 36 - t);
                }
                int len = cps.size() + 1;
                int delta = oldi == 0 ? (i - oldi) / 700 : (i - oldi) / 2;
                delta += delta / len;
                int k = 0;
                while (delta > ((36 - 1) * 26) / 2) {
                    delta /= 35;
                    k += 36;
                }
                bias = k + (36 * delta) / (delta + 38);
                n = Math.addExact(n, i / len);
                i %= len;
                cps.add(i, n);
                i++;
            }
            for (int cp : cps) outp.appendCodePoint(cp);
            return outp.toString();
        }
    }
}
