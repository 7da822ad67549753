#!/usr/bin/env bash
# The disk and the size limit: a disk another process fills mid-recording, --max-size under a storm, and who
# can read what jrec writes (umask 000, sudo). Every event up to a cut is in the capture or counted by loss rows
# from the last event kept to the end. Prints scenario<TAB>expected<TAB>observed<TAB>PASS|FAIL (bench/reliability.sh).
set -uo pipefail
: "${JREC:?}" "${WORK:?}"

row() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4"; }
pids=(); mounts=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for m in "${mounts[@]}"; do umount "$m" 2>/dev/null; done
}
trap cleanup EXIT
storm() { python3 -c 'import os
while True: os.getppid()' & pids+=($!); }
q() { "$JREC" query "$1" "$2" --format csv 2>/dev/null | tail -n +2; }
# tail CAPTURE REASON: "lost,gap_s,covered" where covered says the REASON loss rows span last event .. end
tail_of() {
  q "$1" "WITH e AS (SELECT max(ts) AS last FROM capture_rows WHERE kind NOT IN ('loss','thread','stack','frame')),
              l AS (SELECT sum(lost) AS lost, min(ts - dur_ns) AS lo, max(ts) AS hi FROM loss WHERE reason = '$2'),
              m AS (SELECT value::BIGINT AS stop FROM capture_metadata WHERE key = 'jrec.recording.end_ns')
         SELECT coalesce(l.lost, 0), round((m.stop - e.last) / 1e9, 3),
                coalesce(l.lo <= e.last AND l.hi >= m.stop, false) FROM e, l, m"
}

# A disk that another process fills while a storm is recorded.
mkdir -p "$WORK/small" && mount -t tmpfs -o size=128m jrec-rel "$WORK/small" && mounts+=("$WORK/small")
storm
cap="$WORK/small/filled.parquet"
"$JREC" record --events sched,syscall -d 60s -o "$cap" 2>"$WORK/filled.log" & rec=$!
for _ in $(seq 600); do [ "$(ls "$cap.parts" 2>/dev/null | grep -c '^seg-.*parquet$')" -ge 2 ] && break; sleep 0.05; done
dd if=/dev/zero of="$WORK/small/filler" bs=1M 2>/dev/null
wait $rec; rc=$?
kill "${pids[@]}" 2>/dev/null; pids=()
msg=$(grep -m1 -E 'jrec: .*(No space|fail)' "$WORK/filled.log" | cut -c1-110)
rm -f "$WORK/small/filler"
[ -f "$cap" ] || "$JREC" recover "$cap" >/dev/null 2>"$WORK/recover.log"
IFS=, read -r lost gap covered <<<"$(tail_of "$cap" disk_full)"
obs="exit $rc ('${msg#jrec: }'); after recover: $lost events counted disk_full over the last $gap s, covered=$covered"
[ "$rc" = 5 ] && [ "$covered" = true ] && r=PASS || r=FAIL
row "disk filled by another process (tmpfs 128M, sched,syscall storm)" "exit 5; events to the fill point kept or counted (disk_full loss rows from the last event to the end)" "$obs" $r
umount "$WORK/small"; mounts=()

# --max-size under a getppid storm
storm
cap="$WORK/limited.parquet"
"$JREC" record --events syscall --max-size 2M -d 60s -o "$cap" 2>"$WORK/limited.log"; rc=$?
kill "${pids[@]}" 2>/dev/null; pids=()
size=$(stat -c %s "$cap" 2>/dev/null || echo 0)
IFS=, read -r lost gap covered <<<"$(tail_of "$cap" max_size)"
obs="exit $rc, $size bytes; $lost events counted max_size over the last $gap s, covered=$covered"
[ "$rc" = 0 ] && [ "$size" -gt 0 ] && [ "$size" -le $((2 << 20)) ] && [ "$covered" = true ] && r=PASS || r=FAIL
row "--max-size 2M under a getppid storm" "exit 0, file <= 2097152 bytes, tail counted (max_size)" "$obs" $r

# Modes under umask 000: the capture, its parts while recording, an export
cap="$WORK/private.parquet"
(umask 000; exec "$JREC" record --events sched,proc -d 3s -o "$cap" 2>"$WORK/private.log") & rec=$!
partsmode=none; segmode=none
for _ in $(seq 600); do
  seg=$(ls "$cap.parts" 2>/dev/null | grep -m1 '^seg-.*parquet$')
  if [ -n "$seg" ]; then partsmode=$(stat -c %a "$cap.parts"); segmode=$(stat -c %a "$cap.parts/$seg" 2>/dev/null); break; fi
  sleep 0.05
done
wait $rec
(umask 000; "$JREC" export "$cap" --as perfetto -o "$WORK/private.json" 2>/dev/null)
obs="capture $(stat -c %a "$cap" 2>/dev/null), parts $partsmode, segment $segmode, export $(stat -c %a "$WORK/private.json" 2>/dev/null)"
[ "$obs" = "capture 600, parts 700, segment 600, export 600" ] && r=PASS || r=FAIL
row "modes under umask 000" "capture 600, parts 700, segment 600, export 600" "$obs" $r

# Under sudo: the invoking user's, readable by them without root
cap="$WORK/sudo.parquet"; chmod 755 "$WORK"
SUDO_UID=65534 SUDO_GID=65534 "$JREC" record --events proc -d 1s -o "$cap" 2>/dev/null
SUDO_UID=65534 SUDO_GID=65534 "$JREC" export "$cap" --as perfetto -o "$WORK/sudo.json" 2>/dev/null
setpriv --reuid=65534 --regid=65534 --clear-groups "$JREC" info "$cap" >/dev/null 2>&1; info=$?
obs="capture $(stat -c '%a %u:%g' "$cap" 2>/dev/null), export $(stat -c '%a %u:%g' "$WORK/sudo.json" 2>/dev/null); nobody's jrec info exits $info"
[ "$obs" = "capture 600 65534:65534, export 600 65534:65534; nobody's jrec info exits 0" ] && r=PASS || r=FAIL
row "record and export under sudo (SUDO_UID=65534)" "capture 600 65534:65534, export 600 65534:65534; nobody's jrec info exits 0" "$obs" $r
