#!/usr/bin/env bash
# In-kernel cost of each jrec BPF program, and the recorder's user-space CPU
# per event, for one source under one workload. Complements overhead.sh: the
# kernel's own accounting (kernel.bpf_stats_enabled: run_time_ns / run_cnt per
# program) is not disturbed by other load the way wall-clock slowdowns are.
#
#   sudo bench/bpf-cost.sh                         # sched under the pinned pipe
#   sudo SOURCE=syscall bench/bpf-cost.sh          # syscall under the getppid loop
#   sudo SOURCE=irq bench/bpf-cost.sh              # irq under direct writes (disk IRQs, BLOCK softirqs)
#   sudo SOURCE=mem bench/bpf-cost.sh              # mem: 512 MiB touched page by page (faults, rss_stat), and
#                                                  # dd through a 64 MiB memory cgroup (memcg reclaim);
#                                                  # JREC_ARGS='--fault-period 1' for the cost of each fault record
#   sudo SOURCE=sched BPFTRACE=1 bench/bpf-cost.sh # also bpftrace's runqlat-style program
#   sudo SOURCE=net BPFTRACE=1 bench/bpf-cost.sh   # TCP connections over loopback; bpftrace's tcplife-style program
#   sudo SOURCE=lock bench/bpf-cost.sh             # perf bench futex lock-pi: PI futex waits and rt_mutex contention
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
SOURCE=${SOURCE:-sched}
PIPE_LOOPS=${PIPE_LOOPS:-300000}
GETPPID_CALLS=${GETPPID_CALLS:-2000000}
CONNS=${CONNS:-5000}
IRQ_WRITES=${IRQ_WRITES:-5000}
MEM_MB=${MEM_MB:-512}
LOCK_SECONDS=${LOCK_SECONDS:-3}
CPU=${CPU:-0}
JREC=${JREC:-$repo/jrec}
JREC_ARGS=${JREC_ARGS:-}

die() { echo "bpf-cost.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root"
command -v bpftool >/dev/null || die "bpftool not found (apt-get install bpftool)"
command -v python3 >/dev/null || die "python3 not found"
case $SOURCE in sched|syscall|net|irq|mem|lock) ;; *) die "SOURCE must be sched, syscall, net, irq, mem or lock";; esac

WORK=$(mktemp -d "${TMPDIR:-/tmp}/jrec-bpfcost.XXXXXX")
old_stats=$(sysctl -n kernel.bpf_stats_enabled)
rec=
cleanup() {
	[ -n "$rec" ] && kill -INT "$rec" 2>/dev/null && wait "$rec" 2>/dev/null || true
	sysctl -q -w kernel.bpf_stats_enabled="$old_stats"
	rm -rf "$WORK"
}
trap cleanup EXIT

gcc -O2 -o "$WORK/getppid" "$here/getppid.c"

workload() {
	case $SOURCE in
	sched) taskset -c "$CPU" perf bench sched pipe -l "$PIPE_LOOPS" >/dev/null ;;
	syscall) taskset -c "$CPU" "$WORK/getppid" "$GETPPID_CALLS" >/dev/null ;;
	net) taskset -c "$CPU" python3 "$WORK/conns.py" "$CONNS" ;;
	# each synchronous direct write is a request the disk completes with an interrupt, and a BLOCK softirq;
	# the timer and scheduler softirqs run meanwhile. The file is in WORK, so on the disk of TMPDIR.
	irq) dd if=/dev/zero of="$WORK/irq.dat" bs=4k count="$IRQ_WRITES" oflag=direct,dsync 2>/dev/null ;;
	# a minor fault and an rss_stat per page touched; then a cgroup at its limit, which its writer reclaims
	mem) taskset -c "$CPU" python3 -c "b = bytearray($MEM_MB << 20)
for i in range(0, len(b), 4096): b[i] = 1"
		sh "$WORK/memcg.sh" "$WORK/memcg.dat" ;;
	# 4 threads taking one PI futex in turn on all CPUs: LOCK_PI waits, UNLOCK_PI wakes, and the kernel's
	# rt_mutex and hash-bucket spinlocks contended under them. Not pinned: contention needs two CPUs.
	lock) perf bench futex lock-pi -t 4 -r "$LOCK_SECONDS" >/dev/null ;;
	esac
}

# prints "name run_cnt run_time_ns" for every loaded tracing program
prog_stats() {
	bpftool prog show -j | python3 -c '
import json, sys
for p in json.load(sys.stdin):
    if p.get("run_cnt") is not None:
        print(p["id"], p.get("name", "?"), p["run_cnt"], p.get("run_time_ns", 0))'
}

cat >"$WORK/sched.bt" <<'BT'
tracepoint:sched:sched_wakeup, tracepoint:sched:sched_wakeup_new { @qtime[args->pid] = nsecs; }
tracepoint:sched:sched_switch {
	if (args->prev_state == 0) { @qtime[args->prev_pid] = nsecs; }
	$ns = @qtime[args->next_pid];
	if ($ns) { @usecs = hist((nsecs - $ns) / 1000); }
	delete(@qtime[args->next_pid]);
}
END { clear(@qtime); }
BT
# net: CONNS connections to a loopback listener, each 100 bytes each way, closed by the client
cat >"$WORK/conns.py" <<'PY'
import socket, sys
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(128)
addr = srv.getsockname()
for _ in range(int(sys.argv[1])):
    c = socket.create_connection(addr); s, _ = srv.accept()
    c.sendall(b"x" * 100); s.recv(100); s.sendall(b"y" * 100); c.recv(100)
    c.close(); s.close()
PY
cat >"$WORK/net.bt" <<'BT'
tracepoint:sock:inet_sock_set_state /args->protocol == 6/ {
	if (args->newstate < 4) { @birth[args->skaddr] = nsecs; }
	if (args->newstate == 7 && @birth[args->skaddr]) {
		@life_us = hist((nsecs - @birth[args->skaddr]) / 1000); delete(@birth[args->skaddr]);
	}
}
END { clear(@birth); }
BT
cat >"$WORK/memcg.sh" <<'SH'
if [ -d /sys/fs/cgroup/memory ]; then d=/sys/fs/cgroup/memory/jrec-bpfcost-$$; lim=memory.limit_in_bytes
else d=/sys/fs/cgroup/jrec-bpfcost-$$; lim=memory.max; fi
mkdir "$d" && echo 67108864 > "$d/$lim" || exit 1
sh -c "echo \$\$ > $d/cgroup.procs && exec dd if=/dev/zero of=$1 bs=1M count=256 conv=fsync status=none"
rm -f "$1"; rmdir "$d"
SH
cat >"$WORK/mem.bt" <<'BT'
software:page-faults:64 { @[ustack] = count(); }
tracepoint:vmscan:mm_vmscan_memcg_reclaim_begin { @rs[tid] = nsecs; }
tracepoint:vmscan:mm_vmscan_memcg_reclaim_end /@rs[tid]/ { @reclaim = hist((nsecs - @rs[tid]) / 1000); delete(@rs[tid]); }
END { clear(@rs); }
BT
cat >"$WORK/syscall.bt" <<'BT'
tracepoint:raw_syscalls:sys_enter { @[args->id] = count(); }
BT
cat >"$WORK/irq.bt" <<'BT'
tracepoint:irq:irq_handler_entry { @hstart[cpu] = nsecs; }
tracepoint:irq:irq_handler_exit /@hstart[cpu]/ { @hard[args->irq] = sum(nsecs - @hstart[cpu]); delete(@hstart[cpu]); }
tracepoint:irq:softirq_entry { @sstart[cpu] = nsecs; }
tracepoint:irq:softirq_exit /@sstart[cpu]/ { @soft[args->vec] = sum(nsecs - @sstart[cpu]); delete(@sstart[cpu]); }
END { clear(@hstart); clear(@sstart); }
BT
cat >"$WORK/lock.bt" <<'BT'
tracepoint:lock:contention_begin { @cstart[tid] = nsecs; }
tracepoint:lock:contention_end /@cstart[tid]/ { @lock_us = hist((nsecs - @cstart[tid]) / 1000); delete(@cstart[tid]); }
tracepoint:syscalls:sys_enter_futex { @fstart[tid] = nsecs; }
tracepoint:syscalls:sys_exit_futex /@fstart[tid]/ { @futex_us = hist((nsecs - @fstart[tid]) / 1000); delete(@fstart[tid]); }
END { clear(@cstart); clear(@fstart); }
BT

# bpftrace_cost: the same workload under bpftrace's runqlat-style / syscount-style / hardirqs-style program
bpftrace_cost() {
	command -v bpftrace >/dev/null || { echo "bpftrace not installed: skipped"; return; }
	bpftrace "$WORK/$SOURCE.bt" >"$WORK/bt.out" 2>&1 &
	local bt=$! i
	for i in $(seq 100); do grep -q Attaching "$WORK/bt.out" 2>/dev/null && break; sleep 0.1; done
	sleep 1
	prog_stats >"$WORK/bt.before"
	workload
	prog_stats >"$WORK/bt.after"
	kill -INT "$bt"; wait "$bt" || true
	echo "bpftrace ($SOURCE.bt):"
	table "$WORK/bt.before" "$WORK/bt.after" any
}

# table BEFORE AFTER [any]: ns per run of the programs that ran in between (jrec's: those loaded since
# $WORK/preexisting was taken; or any)
table() {
	python3 - "$@" <<'PY'
import sys
def load(f):
    d = {}
    for line in open(f):
        i, name, cnt, ns = line.split()
        d[i] = (name, int(cnt), int(ns))
    return d
b, a = load(sys.argv[1]), load(sys.argv[2])
anyprog = len(sys.argv) > 3
old = set(open(sys.argv[1].rsplit("/", 1)[0] + "/preexisting").read().split())
print(f"{'program':<28}{'runs':>12}{'ns/run':>10}")
for i, (name, cnt, ns) in sorted(a.items(), key=lambda kv: kv[1][0]):
    bc, bn = b.get(i, (name, 0, 0))[1:]
    if cnt - bc > 100 and (anyprog or i not in old):
        print(f"{name:<28}{cnt - bc:>12,}{(ns - bn) / (cnt - bc):>10.0f}")
PY
}

"$JREC" record --help >/dev/null || die "$JREC does not build"
sysctl -q -w kernel.bpf_stats_enabled=1
prog_stats | cut -d' ' -f1 >"$WORK/preexisting"
out=$WORK/rec.parquet
env --default-signal=INT "$JREC" record --events "$SOURCE" -o "$out" -d 10m $JREC_ARGS >"$WORK/stdout" 2>"$WORK/stderr" &
rec=$!
for _ in $(seq 600); do [ -d "$out.parts" ] && break; sleep 0.1; done
[ -d "$out.parts" ] || { cat "$WORK/stderr" >&2; die "recorder did not start"; }
sleep 1
prog_stats >"$WORK/before"
workload
prog_stats >"$WORK/after"
pkill -INT -P "$rec" 2>/dev/null || true
kill -INT "$rec" 2>/dev/null || true
wait "$rec" || true
rec=

echo "jrec record --events $SOURCE:"
table "$WORK/before" "$WORK/after"
grep -E 'recorder CPU|drops|stalls' "$WORK/stderr" || true
[ -n "${BPFTRACE:-}" ] && bpftrace_cost
