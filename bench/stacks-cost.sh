#!/usr/bin/env bash
# What --call-graph dwarf costs and buys, by user-stack copy size (ustack_bytes): the in-kernel cost per run
# of the offcpu and profile programs (kernel.bpf_stats_enabled, under a pinned perf bench sched pipe and a busy
# loop: UstackCost), and how many user stacks then unwind to their outermost frame (host-wide 4 s recordings
# of whatever the machine runs: UnwindCompleteness). A benchmark, not a test: results in docs/stacks.md.
#
#   sudo bench/stacks-cost.sh              # both tables (~3 min on 2 CPUs)
#   sudo WHAT=cost bench/stacks-cost.sh    # only UstackCost; WHAT=unwind for only UnwindCompleteness
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
cd "$repo"
. "$repo/.mvn/find-jdk.sh"
WHAT=${WHAT:-cost unwind}
die() { echo "stacks-cost.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root (BPF)"
command -v bpftool >/dev/null || die "bpftool not found (apt-get install bpftool)"
command -v perf >/dev/null || die "perf not found (apt-get install linux-perf)"

echo "stacks-cost: building the benchmarks..." >&2
./mvnw -q -B -pl bench -am package -DskipTests -Ddist.skip
run() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "bench/target/jrec-bench.jar:$(cat bench/target/classpath)" "$@"; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
case " $WHAT " in *" cost "*) run dev.jrec.bench.bpf.UstackCost ;; esac
case " $WHAT " in *" unwind "*) run dev.jrec.bench.recorder.UnwindCompleteness ;; esac
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
