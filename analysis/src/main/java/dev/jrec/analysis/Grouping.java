package dev.jrec.analysis;

/** How a histogram analysis splits its values: BCC's -P (per process), per CPU, -D (per disk), -F (per flags), per cgroup. */
public enum Grouping {
    NONE(""), PROCESS("pid"), CPU("cpu"), DISK("disk"), FLAGS("flags"),
    /** Per cgroup v2 path of the thread table, labelled with the container or pod it names: containers' share of a host. */
    CGROUP("cgroup");

    /** The value of a histogram query's {@code $group_by}, and the label BCC prints ({@code pid = 42}). */
    public final String key;

    Grouping(String key) {
        this.key = key;
    }
}
