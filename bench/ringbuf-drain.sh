#!/usr/bin/env bash
# What draining a full ring buffer costs each reader (jrec's own mmap reader, libbpf's ring_buffer__consume):
# the JMH benchmark RingBufferDrain, single-shot, a 30,000-round sched_switch storm filling a 32 MiB buffer before
# each drain. Divide by the records a storm leaves (about 120k) for the cost per record.
#
#   sudo bench/ringbuf-drain.sh                            # 3 warm-up and 10 measured drains per reader
#   sudo JMH_ARGS="-f 1 -wi 1 -i 1" bench/ringbuf-drain.sh # a smoke run
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
cd "$repo"
. "$repo/.mvn/find-jdk.sh"
[ "$(id -u)" = 0 ] || { echo "ringbuf-drain.sh: run as root (BPF)" >&2; exit 1; }
JMH_ARGS=${JMH_ARGS:--f 1 -wi 3 -i 10}
echo "ringbuf-drain: building the benchmarks..." >&2
./mvnw -q -B -pl bench -am package -DskipTests -Ddist.skip
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "bench/target/jrec-bench.jar:$(cat bench/target/classpath)" \
  org.openjdk.jmh.Main $JMH_ARGS -jvmArgsAppend --enable-native-access=ALL-UNNAMED RingBufferDrain
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
