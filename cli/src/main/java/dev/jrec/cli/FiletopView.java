package dev.jrec.cli;

import picocli.CommandLine.Option;

import java.util.Map;

/** filetop: regular files only unless -a, as BCC's filetop. */
final class FiletopView extends QueryView.Rows {
    @Option(names = {"-a", "--all-files"}, description = "include other file types: pipes, sockets, devices (default: regular files only)")
    boolean all;

    @Override
    Map<String, Object> params() {
        return Map.of("all_files", all);
    }
}
