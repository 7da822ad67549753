package dev.jrec.cli;

import picocli.CommandLine.Option;

import java.util.Map;

/** tcpdrop: QUEUE_PURGE drops too (--purged). */
final class TcpdropView extends QueryView.Rows {
    @Option(names = "--purged", description = "also what sockets still held when they were freed (reason QUEUE_PURGE): often only an unread FIN")
    boolean purged;

    @Override
    Map<String, Object> params() {
        return Map.of("purged", purged);
    }
}
