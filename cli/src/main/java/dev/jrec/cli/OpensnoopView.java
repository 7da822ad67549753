package dev.jrec.cli;

import dev.jrec.analysis.Errno;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** opensnoop: failed opens only (-x), or those that failed with one errno (-e). */
final class OpensnoopView extends QueryView.Rows {
    @Option(names = {"-x", "--failed"}, description = "failed opens only")
    boolean failed;

    @Option(names = {"-e", "--errno"}, paramLabel = "ERRNO", description = "only opens that failed with this errno: a number or a name like ENOENT")
    String errno;

    @Override
    Map<String, Object> params() {
        Integer e = null;
        if (errno != null) {
            try {
                e = Errno.parse(errno);
            } catch (IllegalArgumentException ex) {
                throw usage("--errno: " + ex.getMessage());
            }
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("failed_only", failed);
        p.put("errno", e); // null: any errno
        return p;
    }
}
