#!/usr/bin/env bash
# What the net source's walk of every TCP socket costs (the iter/tcp program the recorder runs once per
# --bytes-interval, and once at the stop, to write the bytes of sockets that went quiet), with 0 to N loopback
# connections open, against `ss -tan` listing the same sockets, in the same run.
#
#   sudo bench/tcp-walk.sh                 # 0, 1000 and 8000 connections (2 sockets each)
#   sudo CONNS="0 20000" bench/tcp-walk.sh # needs ulimit -n above 2 x CONNS
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
cd "$repo"
. "$repo/.mvn/find-jdk.sh"
[ "$(id -u)" = 0 ] || { echo "tcp-walk.sh: run as root (BPF)" >&2; exit 1; }
CONNS=${CONNS:-0 1000 8000}
echo "tcp-walk: building the benchmarks..." >&2
./mvnw -q -B -pl bench -am package -DskipTests -Ddist.skip
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(dmesg 2>/dev/null | grep -o 'TCP established hash table entries: [0-9]*' | tail -1)"
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "bench/target/jrec-bench.jar:$(cat bench/target/classpath)" \
  dev.jrec.bench.bpf.TcpWalk $CONNS
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
