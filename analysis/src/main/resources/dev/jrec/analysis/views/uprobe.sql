-- uprobe: user-space probes (the uprobe source). One row per function entry (uprobe), per call timed to its
-- return in the kernel (uretprobe: entry and return of one thread paired, the innermost of a recursion), or
-- per USDT probe firing (usdt). With --uprobe-sample N a row stands for N calls (weight).
-- @include stacks

-- @column ts BIGINT the entry (uprobe), the return (uretprobe) or the firing (usdt)
-- @column start_ts BIGINT the call's entry: ts - dur_ns for a uretprobe, else ts
-- @column dur_ns BIGINT uretprobe: entry to return, ns; null for the others
-- @column kind VARCHAR uprobe, uretprobe or usdt
-- @column cpu INTEGER CPU it fired on
-- @column pid INTEGER calling process
-- @column tid INTEGER calling thread
-- @column comm VARCHAR that thread's comm
-- @column probe VARCHAR the probe as bpftrace names it: uprobe:/usr/lib/x86_64-linux-gnu/libc.so.6:malloc
-- @column func VARCHAR the function, or the USDT probe's name (gc__start)
-- @column module VARCHAR the file probed
-- @column args BIGINT[] the integer arguments the probe's spec named, in its order (args[1] is the first)
-- @column arg_str VARCHAR the string argument the spec named
-- @column ret BIGINT uretprobe: the return value register (an address or an int, as the function returns)
-- @column weight BIGINT calls the row stands for: --uprobe-sample's N, 1 without it
-- @column stack_id BIGINT the caller's user stack at entry, see stack_frame; null without --uprobe-stacks
CREATE OR REPLACE VIEW uprobe_call AS
SELECT ts, CASE WHEN kind = 'uretprobe' THEN ts - dur_ns ELSE ts END AS start_ts, dur_ns, kind, cpu, pid, tid, comm,
       probe, func, module, args, arg_str, ret, coalesce(weight, 1) AS weight, stack_id
FROM capture_rows WHERE kind IN ('uprobe', 'uretprobe', 'usdt');
