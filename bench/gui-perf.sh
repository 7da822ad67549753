#!/usr/bin/env bash
# Workbench performance (issue 6's quality bar): the time to the first view of a 30 s capture of a busy 2-CPU host,
# the time to each other view, the time from a fresh JVM's start to the first view (LaunchBench), and the repaint time of the flame graph and the timeline with 50k frames / slices.
# A benchmark, not a test: results in docs/gui.md ("Performance").
#
#   bench/gui-perf.sh                      # generate the capture once (~1 min), then measure (~1 min)
#   CAPTURE=some.parquet bench/gui-perf.sh # time to first view of another capture
#
# The capture is GenCapture's simulated host (bench/src/main/java/dev/jrec/bench/formats/) with 2 CPUs: 1.25M
# scheduler events (its ~42k events/s on 2 CPUs make 30 s), 300k syscalls, 20k block requests. The measurements
# run in the real app, headless (JavaFX 26's Headless glass platform, software rendering), from bench/src/main/java:
# FirstViewBench, TimelineZoomBench and LaunchBench are plain mains, each in a fresh JVM; FlameBench and
# TimelineBench are JMH benchmarks.
#
# Environment: OUT (the capture and the AOT cache; default /var/tmp/jrec-gui-perf), CAPTURE, JMH_ARGS (default
# "-f 1 -wi 3 -i 5"; "-f 1 -wi 1 -i 1 -w 1s -r 1s" for a smoke run).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
cd "$repo"
. "$repo/.mvn/find-jdk.sh"
OUT=${OUT:-/var/tmp/jrec-gui-perf}
mkdir -p "$OUT"

echo "gui-perf: building the workbench and its benchmarks..." >&2
./mvnw -q -B -pl bench -am package -DskipTests -Ddist.skip
JMH_ARGS=${JMH_ARGS:--f 1 -wi 3 -i 5}

CAPTURE=${CAPTURE:-$OUT/busy-2cpu-30s.parquet}
if [ ! -f "$CAPTURE" ]; then
  echo "gui-perf: generating $CAPTURE..." >&2
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "bench/target/jrec-bench.jar:$(cat bench/target/classpath)" \
    dev.jrec.bench.formats.GenCapture "$CAPTURE" 1250000 300000 20000 2 >&2
fi

echo "gui-perf: measuring; load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# JavaFX on the class path, as the workbench's tests run it (LaunchBench below puts it on the module path, as jrec does)
bench=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g -Dglass.platform=Headless -Dprism.order=sw
  -Djava.util.prefs.userRoot="$OUT/prefs" -cp "bench/target/jrec-bench.jar:$(cat bench/target/classpath)")
for main in dev.jrec.bench.gui.FirstViewBench dev.jrec.gui.timeline.TimelineZoomBench; do
  "${bench[@]}" "$main" "$CAPTURE" 2>&1 | grep -E '^(timeline|.*parquet \()' || {
    echo "gui-perf: $main printed no figures; run it again without the filter to see why" >&2
    exit 1
  }
done
# shellcheck disable=SC2086 # JMH_ARGS is a list of options. Each benchmark method's trial prints its workload once.
"${bench[@]}" org.openjdk.jmh.Main $JMH_ARGS 'dev.jrec.bench.gui.FlameBench|dev.jrec.gui.timeline.TimelineBench' 2>&1 |
  grep -E '^(flame graph|timeline|Benchmark|[a-z.]*(Flame|Timeline)Bench\.)' | awk '!seen[$0]++' || {
  echo "gui-perf: the JMH benchmarks printed no figures; run them again without the filter to see why" >&2
  exit 1
}
# From the JVM's start, as `jrec open CAPTURE` runs it (JavaFX on the module path): three fresh JVMs, then three with
# an AOT cache of the JDK (JEP 483/514: classes loaded and linked, and method profiles, from a training run), which
# jrec's launcher does not use yet. The cache needs jars, not class folders.
fx=$(ls analyzer-gui/target/lib/javafx-*-linux.jar | paste -sd: -)
cp=$(ls analyzer-gui/target/lib/*.jar | grep -v '/javafx-' | paste -sd: -)
"$JAVA_HOME/bin/jar" cf "$OUT/launch-bench.jar" -C bench/target/classes dev/jrec/bench/gui/LaunchBench.class \
  -C analyzer-gui/target/test-classes dev/jrec/gui/Fx.class
launch() {
  "$JAVA_HOME/bin/java" "$@" --module-path "$fx" --add-modules javafx.controls,javafx.swing \
    --enable-native-access=javafx.graphics,ALL-UNNAMED -Xmx1g -Dglass.platform=Headless -Dprism.order=sw \
    -Djava.util.prefs.userRoot="$OUT/prefs" -cp "analyzer-gui/target/jrec-analyzer-gui.jar:$OUT/launch-bench.jar:$cp" \
    dev.jrec.bench.gui.LaunchBench "$CAPTURE" 2>&1
}
for i in 1 2 3; do
  launch | grep -E 'launched:' || echo "gui-perf: the launch benchmark printed nothing" >&2
done
rm -f "$OUT/workbench.aot"
launch -XX:AOTCacheOutput="$OUT/workbench.aot" >/dev/null
for i in 1 2 3; do
  launch -XX:AOTCache="$OUT/workbench.aot" | grep -E 'launched:' | sed 's/launched:/launched with an AOT cache:/'
done
echo "gui-perf: load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
