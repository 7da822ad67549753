#!/usr/bin/env bash
# Failure paths, tried as a bad day would: storms with each combination of sources, a disk that fills, kills at
# every stage of a recording, corrupt and unreadable captures, another user, bad options. Each scenario file in
# bench/reliability.d/ prints one line per scenario: scenario<TAB>expected<TAB>observed<TAB>PASS|FAIL; this
# script runs them and prints the table. A benchmark, not a test (the fast cases are JUnit tests too): see
# bench/README.md.
#
#   sudo bench/reliability.sh                    # every scenario file
#   sudo bench/reliability.sh cli-usage storms   # only these (file names without .sh)
#   JREC=/opt/jrec-0.1.0/bin/jrec bench/reliability.sh   # a release's launcher (the full edition: some read back with query)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
export JREC=${JREC:-$repo/jrec}
[ "$(id -u)" = 0 ] || { echo "reliability.sh: run as root (recording needs it; some scenarios drop to another user)" >&2; exit 1; }
"$JREC" --version >/dev/null   # builds jrec on first use: not part of any scenario

files=()
if [ $# -gt 0 ]; then
  for n in "$@"; do [ -f "$here/reliability.d/$n.sh" ] || { echo "reliability.sh: no scenario file reliability.d/$n.sh" >&2; exit 2; }; files+=("$here/reliability.d/$n.sh"); done
else
  files=("$here"/reliability.d/*.sh)
fi

results=$(mktemp)
trap 'rm -f "$results"' EXIT
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; $("$JREC" --version)" >&2
for f in "${files[@]}"; do
  work=$(mktemp -d "/tmp/jrec-reliability.XXXXXX")
  echo "running $(basename "$f" .sh)..." >&2
  WORK=$work bash "$f" >> "$results" || printf '%s\t%s\t%s\t%s\n' "$(basename "$f" .sh)" "the file runs to its end" "exited $?" FAIL >> "$results"
  rm -rf "$work"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

printf '| scenario | expected | observed | |\n|---|---|---|---|\n'
awk -F'\t' '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }' "$results"
pass=$(awk -F'\t' '$4 == "PASS"' "$results" | wc -l); total=$(wc -l < "$results")
echo
echo "$pass of $total scenarios pass"
[ "$pass" = "$total" ]
