#!/usr/bin/env bash
# Workbench performance (issue 6's quality bar): the time to the first view of a 30 s capture of a busy 2-CPU host,
# the time to each other view, the time from a fresh JVM's start to the first view (LaunchBench), and the repaint time of the flame graph and the timeline with 50k frames / slices.
# A benchmark, not a test: results in docs/gui.md ("Performance").
#
#   bench/gui-perf.sh                      # generate the capture once (~1 min), then measure (~1 min)
#   CAPTURE=some.parquet bench/gui-perf.sh # time to first view of another capture
#
# The capture is bench/GenCapture.java's simulated host with 2 CPUs: 1.25M scheduler events (its ~42k events/s on
# 2 CPUs make 30 s), 300k syscalls, 20k block requests. The measurements run in the real app, headless (JavaFX 26's
# Headless glass platform, software rendering), through the test classes *Bench in analyzer-gui/src/test.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
cd "$repo"
. "$repo/.mvn/find-jdk.sh"
OUT=${OUT:-/var/tmp/jrec-gui-perf}
mkdir -p "$OUT"

echo "gui-perf: building the workbench..." >&2
./mvnw -q -B -pl analyzer-gui -am package -DskipTests

CAPTURE=${CAPTURE:-$OUT/busy-2cpu-30s.parquet}
if [ ! -f "$CAPTURE" ]; then
  echo "gui-perf: generating $CAPTURE..." >&2
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "analyzer-gui/target/lib/*" bench/GenCapture.java \
    "$CAPTURE" 1250000 300000 20000 2 >&2
fi

echo "gui-perf: measuring; load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
./mvnw -q -B -pl analyzer-gui -am test -Dtest='dev.jrec.gui.**.*Bench' -Dsurefire.failIfNoSpecifiedTests=false \
  -Djrec.bench="$CAPTURE" -DreuseForks=false 2>&1 | grep -E '^(flame graph|timeline|.*parquet \()' || {
  echo "gui-perf: the benchmark printed no figures; run it again without the filter to see why" >&2
  exit 1
}
# From the JVM's start, as `jrec open CAPTURE` runs it (JavaFX on the module path): three fresh JVMs, then three with
# an AOT cache of the JDK (JEP 483/514: classes loaded and linked, and method profiles, from a training run), which
# jrec's launcher does not use yet. The cache needs jars, not class folders.
fx=$(ls analyzer-gui/target/lib/javafx-*-linux.jar | paste -sd: -)
cp=$(ls analyzer-gui/target/lib/*.jar | grep -v '/javafx-' | paste -sd: -)
"$JAVA_HOME/bin/jar" cf "$OUT/launch-bench.jar" -C analyzer-gui/target/test-classes dev/jrec/gui/LaunchBench.class \
  -C analyzer-gui/target/test-classes dev/jrec/gui/Fx.class
launch() {
  "$JAVA_HOME/bin/java" "$@" --module-path "$fx" --add-modules javafx.controls,javafx.swing \
    --enable-native-access=javafx.graphics,ALL-UNNAMED -Xmx1g -Dglass.platform=Headless -Dprism.order=sw \
    -Djava.util.prefs.userRoot="$OUT/prefs" -cp "analyzer-gui/target/jrec-analyzer-gui.jar:$OUT/launch-bench.jar:$cp" \
    dev.jrec.gui.LaunchBench "$CAPTURE" 2>&1
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
