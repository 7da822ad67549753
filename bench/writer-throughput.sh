#!/usr/bin/env bash
# Capture-writer benchmarks (bench/src/main/java/dev/jrec/bench/formats/): writer thread throughput on
# sched_switch (JMH), bytes/event per event kind, runtime jar footprint, and a check that no Hadoop class is loaded. Results: docs/performance-writer.md.
#
#   bench/writer-throughput.sh              # footprint, Hadoop check, JMH 3 forks x 5 iterations, sizes (~20 min on 2 vCPUs)
#   bench/writer-throughput.sh --quick      # JMH 1 fork x 2 iterations, smaller size captures (smoke test)
#   bench/writer-throughput.sh --profile    # also a 60 s JFR profile of the writer thread, with a breakdown
#   bench/writer-throughput.sh --only=sizes|jmh|footprint|hadoop|profile   # one part (after the build)
#
# Under load from other processes the wall-clock score drops; the CPU-time figures (events per CPU second of
# the writer thread, and of the whole JVM) estimate the throughput on a dedicated core.
#
# Environment: FORKS, WARMUP, ITERATIONS, ITER_TIME (JMH; default 3, 3, 5, 10s), ROWS and MIXED_ROWS (size
# captures; default 1000000 and 2000000), BENCH_DIR (where captures are written; default
# $OUT/captures; segments are fsynced, so the disk matters), OUT (results and a snapshot of the compiled
# classes; default /tmp/jrec-writer-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
. .mvn/find-jdk.sh
JAVA="$JAVA_HOME/bin/java"

FORKS=${FORKS:-3} WARMUP=${WARMUP:-3} ITERATIONS=${ITERATIONS:-5} ITER_TIME=${ITER_TIME:-10s}
ROWS=${ROWS:-1000000} MIXED_ROWS=${MIXED_ROWS:-2000000}
# Outside the repository: another build's 'mvn clean' must not pull classes from under a running benchmark.
OUT=${OUT:-${TMPDIR:-/tmp}/jrec-writer-bench}
BENCH_DIR=${BENCH_DIR:-$OUT/captures}
PARTS="footprint hadoop jmh sizes"
for a in "$@"; do
  case "$a" in
    --quick) FORKS=1 WARMUP=1 ITERATIONS=2 ROWS=200000 MIXED_ROWS=400000 ;;
    --profile) PARTS="$PARTS profile" ;;
    --only=*) PARTS="${a#--only=}" ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option $a (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT" "$BENCH_DIR"
has() { case " $PARTS " in *" $1 "*) return 0 ;; esac; return 1; }
section() { printf '\n==== %s\n' "$*"; }

section "machine"
echo "cpus: $(nproc) x $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
echo "kernel: $(uname -r); memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
echo "java: $("$JAVA" -version 2>&1 | head -1) ($JAVA_HOME)"
echo "bench dir: $BENCH_DIR on $(df -PT "$BENCH_DIR" | awk 'NR==2 {print $2 " (" $1 ")"}')"
echo "code: $(git log -1 --format='%h %ci %s' 2>/dev/null | cut -c1-120); uncommitted files in formats/src/main: $(git status --porcelain -- formats/src/main 2>/dev/null | wc -l)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other processes running skew the wall-clock figures)"

section "build"
./mvnw -q -B -pl bench -am package -DskipTests -Ddist.skip
# Runtime scope of formats: what jrec ships (the footprint, and the Hadoop check's second run).
# NB: the dependency plugin's scope property is 'includeScope'; '-Dmdep.includeScope' is silently ignored.
./mvnw -q -B -pl formats dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$OUT/runtime.classpath"
# jrec's own jars are copied: another build's 'mvn clean' must not pull classes from under a running benchmark.
rm -rf "$OUT/classes" && mkdir -p "$OUT/classes"
TEST_CP=$(tr ':' '\n' < bench/target/classpath | while read -r j; do
  case "$j" in "$PWD"/*) cp "$j" "$OUT/classes/" && echo "$OUT/classes/$(basename "$j")" ;; *) echo "$j" ;; esac
done | paste -sd: -)
cp bench/target/jrec-bench.jar "$OUT/classes/"
FORMATS_JAR=$(ls "$OUT"/classes/jrec-formats-*.jar | grep -v -e '-tests\.jar$')
# Bench, JMH, JUnit, and hadoop-client-api ('provided' in formats): the benchmarks' class path.
TEST_CP=$OUT/classes/jrec-bench.jar:$TEST_CP
RUNTIME_CP=$OUT/classes/jrec-bench.jar:$(ls "$OUT"/classes/jrec-formats-*-tests.jar):$FORMATS_JAR:$(cat "$OUT/runtime.classpath")
RUN=("$JAVA" --enable-native-access=ALL-UNNAMED -Xms2g -Xmx2g)
echo "ok"

if has footprint; then
  section "runtime jar footprint of formats"
  { tr ':' '\n' < "$OUT/runtime.classpath"; echo; echo "$FORMATS_JAR"; } | grep . | while read -r j; do
    printf '%10.2f MB  %s\n' "$(stat -c %s "$j" | awk '{print $1 / 1048576}')" "$(basename "$j")"
  done | sort -rn | tee "$OUT/footprint.txt"
  awk '{s += $1} END {printf "%10.2f MB  total (%d jars)\n", s, NR}' "$OUT/footprint.txt"
fi

if has hadoop; then
  section "Hadoop check: classes loaded while writing, merging, recovering and reading"
  ok=1
  for cp in test runtime; do
    # test: hadoop-client-api IS on the class path, so any use of it would load (and log) a class.
    # runtime: the shipped class path, without Hadoop: the same work must succeed.
    [ $cp = test ] && CP=$TEST_CP || CP=$RUNTIME_CP
    log="$OUT/class-load-$cp.log"
    "${RUN[@]}" -Xlog:class+load=info:file="$log" -cp "$CP" dev.jrec.bench.formats.WriteReadCheck 2>&1 | grep -v '^SLF4J' || ok=0
    n=$(grep -c 'org\.apache\.hadoop\.' "$log" || true)
    printf '%-8s class path: %d classes loaded, %d of them org.apache.parquet.*, %d org.apache.hadoop.*\n' \
      $cp "$(grep -c . "$log")" "$(grep -c 'org\.apache\.parquet\.' "$log" || true)" "$n"
    [ "$n" = 0 ] || { ok=0; grep 'org\.apache\.hadoop\.' "$log" | head -5; }
  done
  [ $ok = 1 ] && echo "Hadoop check: PASS (no org.apache.hadoop class loaded)" || echo "Hadoop check: FAIL"
  echo "classes loaded per runtime jar during that work (a jar with none is not needed for it):"
  tr ':' '\n' < "$OUT/runtime.classpath" | grep . | while read -r j; do
    printf '%6d  %s\n' "$(grep -c -F "source: file:$j" "$OUT/class-load-runtime.log" || true)" "$(basename "$j")"
  done
fi

jmh_summary() { # json benchmark-name
  jq -r --arg b "$2" '.[] | select(.benchmark | endswith($b)) |
    (.params // {} | to_entries | map(.key + "=" + .value) | join(",")) as $p |
    .primaryMetric as $m | .secondaryMetrics as $s |
    ([$m.rawData[][]]) as $raw |
    def r: if type == "number" then round else . end;
    "\($b)\(if $p == "" then "" else "[" + $p + "]" end): \($m.score | r) ± \($m.scoreError | r) events/s wall clock (99.9% CI, \($raw | length) iterations, min \($raw | min | r), max \($raw | max | r))" +
    (if $s.fileBytes then
      "; \($s.fileBytes.score / $s.events.score * 1000 | round / 1000) bytes/event" +
      "; per CPU second: \($s.events.score / $s.threadCpuNs.score * 1e9 | round) events/s of writer thread CPU, \($s.events.score / $s.processCpuNs.score * 1e9 | round) events/s of JVM CPU (GC, JIT included)"
     else "" end)' "$1"
}

JMH=("${RUN[@]}" -cp "$TEST_CP" org.openjdk.jmh.Main -f "$FORKS" -wi "$WARMUP" -i "$ITERATIONS" -jvmArgsAppend "-Djrec.bench.dir=$BENCH_DIR")
if has jmh; then
  section "JMH: writer thread throughput, sched_switch ($FORKS forks x $ITERATIONS iterations of $ITER_TIME, $WARMUP warmup)"
  "${JMH[@]}" -w "$ITER_TIME" -r "$ITER_TIME" -rf json -rff "$OUT/jmh-writer.json" 'WriterThroughputBenchmark.writeSchedSwitch$' | tee "$OUT/jmh-writer.log" | grep -E '^(# (Fork|Warmup Iteration|Iteration)|Iteration|Result|WriterThroughput)|ops/s' || true
  section "JMH: batch filling alone (the benchmark's own share)"
  "${JMH[@]}" -w 2s -r 2s -rf json -rff "$OUT/jmh-fill.json" 'WriterThroughputBenchmark.fillOnly$' > "$OUT/jmh-fill.log"
  jmh_summary "$OUT/jmh-fill.json" fillOnly
fi

if has sizes; then
  section "bytes/event per kind ($ROWS rows per kind, mixed $MIXED_ROWS)"
  "${RUN[@]}" -cp "$TEST_CP" dev.jrec.bench.formats.KindSizes "$ROWS" "$MIXED_ROWS" "$BENCH_DIR" 2> >(grep -v '^SLF4J' >&2) | tee "$OUT/kind-sizes.md"
fi

if has profile; then
  section "JFR profile of the writer thread (current CaptureWriter, 60 s)"
  "${RUN[@]}" -XX:StartFlightRecording=filename="$OUT/writer.jfr",settings=profile -cp "$TEST_CP" \
    dev.jrec.bench.formats.WriterLoop 60 4194304 "$BENCH_DIR" 2>&1 | grep -v -e '^SLF4J' -e 'jfr,startup'
  "$JAVA" -cp "$TEST_CP" dev.jrec.bench.formats.JfrBreakdown "$OUT/writer.jfr" main 30 | tee "$OUT/writer-profile.txt"
fi

section "summary"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -f "$OUT/jmh-writer.json" ] && has jmh && jmh_summary "$OUT/jmh-writer.json" writeSchedSwitch
[ -f "$OUT/jmh-fill.json" ] && has jmh && jmh_summary "$OUT/jmh-fill.json" fillOnly
echo "goal: 2000000 events/s on one core"
echo "outputs in $OUT/"
