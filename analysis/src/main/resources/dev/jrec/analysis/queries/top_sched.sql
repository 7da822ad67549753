-- top_sched: processes by time on CPU and by time blocked (off CPU), both from the scheduler's switches in two
-- aggregations and no sort, for the summary's two top tables: a row for each process in either top $limit, with
-- its rank in each.
-- On CPU: the sum of its threads' on-CPU intervals (prev_oncpu_ns, which ends at the switch-out). Blocked: a
-- thread switched out in a sleeping state (prev_state not 0) is off CPU until it is switched in again, less the
-- run-queue wait after its wakeup (next_runq_ns); an interval counts when it ends inside the window, cut at the
-- window's start (as an on-CPU interval is), so no total exceeds the window; a thread still blocked when the
-- window or the capture ends is not counted. The intervals are not paired one by one (a sort
-- of every switch, seconds on a large capture): a thread's switch-outs and switch-ins alternate, so the sum of
-- its wakeups (switch-in less run-queue wait) minus the sum of its switch-outs, leaving out an unpaired first
-- switch-in and last switch-out, is the sum of its blocked intervals (a preemption's interval is all run-queue
-- wait, 0 blocked). So a thread counts only when that holds: its switch-outs and switch-ins pair up (none
-- lost), and the recording timed it (it was in the recording's -p/--comm/--cgroup scope: a thread outside it
-- shows only in the switches of those inside, with no times). How long the blocks in D lasted would need the
-- pairs, so only how many there were is given. The idle task (tid 0) is left out.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param limit BIGINT processes in each top
-- @column pid INTEGER process
-- @column comm VARCHAR its comm (the process view's name when known)
-- @column threads BIGINT its threads that ran
-- @column switches BIGINT times its threads were switched out after running
-- @column oncpu_ms DECIMAL(18,3) time on CPU, ms
-- @column blocks BIGINT times its threads blocked
-- @column offcpu_ms DECIMAL(18,3) time its threads were blocked, ms
-- @column d_blocks BIGINT of those blocks, how many were in uninterruptible sleep (D, usually waiting for I/O; not TASK_NOLOAD idle kernel workers)
-- @column cpu_rank BIGINT its place by time on CPU, 1 first; null when it did not run or is not in that top
-- @column offcpu_rank BIGINT its place by time blocked, 1 first; null when it did not block or is not in that top
WITH outs AS (
    -- switch-outs per thread, in the window (inside) and before it
    SELECT prev_pid AS pid, prev_tid AS tid, ts >= $from_ns AS inside,
           struct_pack(n := count(*), blocked := count(*) FILTER (WHERE prev_state <> 0),
                       d := count(*) FILTER (WHERE prev_state & 2 <> 0 AND prev_state & 1024 = 0),
                       sum_ts := sum(ts), first_ts := min(ts), last_ts := max(ts), last_state := arg_max(prev_state, ts),
                       switches := count(prev_oncpu_ns), oncpu_ns := sum(CASE WHEN ts - prev_oncpu_ns < $from_ns THEN greatest(ts - $from_ns, 0) ELSE prev_oncpu_ns END),
                       comm := arg_max(prev_comm, ts)) AS o
    FROM sched_switch
    WHERE prev_tid <> 0 AND ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, prev_pid)) AND comm_matches(prev_pid, prev_comm, $comm)
    GROUP BY ALL
), ins AS (
    -- switch-ins per thread; a wake is when it became runnable again (switch-in less run-queue wait)
    SELECT next_pid AS pid, next_tid AS tid, ts >= $from_ns AS inside,
           struct_pack(n := count(*), sum_wake := sum(ts - coalesce(next_runq_ns, 0)), first_ts := min(ts),
                       first_wake := arg_min(ts - coalesce(next_runq_ns, 0), ts), last_ts := max(ts), timed := count(next_runq_ns)) AS i
    FROM sched_switch
    WHERE next_tid <> 0 AND ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, next_pid)) AND comm_matches(next_pid, next_comm, $comm)
    GROUP BY ALL
), edges AS (
    -- per thread: its switch-outs and switch-ins in the window (o, i) and before it (ob, ib), each null when none
    SELECT pid, tid, any_value(o) FILTER (WHERE inside) AS o, any_value(o) FILTER (WHERE NOT inside) AS ob,
           any_value(i) FILTER (WHERE inside) AS i, any_value(i) FILTER (WHERE NOT inside) AS ib
    FROM outs FULL JOIN ins USING (pid, tid, inside)
    GROUP BY pid, tid
), ends AS (
    -- the unpaired ends: a switch-out before the window whose switch-in is inside it (straddles); a first
    -- switch-in with no switch-out before it (lone_first_in); a last switch-out with no switch-in after it
    -- (lone_last_out). At the same ts a switch-out comes first.
    SELECT pid, tid, o, i, ob,
           coalesce(ob.last_ts > coalesce(ib.last_ts, -1) AND i.n > 0, false) AS straddles,
           coalesce(i.first_ts < coalesce(o.first_ts, 9223372036854775807), false)
               AND NOT coalesce(ob.last_ts > coalesce(ib.last_ts, -1), false) AS lone_first_in,
           coalesce(o.last_ts > coalesce(i.last_ts, -1), false) AS lone_last_out,
           coalesce(o.switches, 0) + coalesce(ob.switches, 0) + coalesce(i.timed, 0) + coalesce(ib.timed, 0) > 0 AS timed
    FROM edges
), threads AS (
    SELECT pid, tid, o.comm AS comm, o.last_ts AS last_out, coalesce(o.switches, 0) AS switches, o.oncpu_ns AS oncpu_ns,
           timed AND coalesce(o.n, 0) - lone_last_out::INTEGER + straddles::INTEGER = coalesce(i.n, 0) - lone_first_in::INTEGER AS paired,
           coalesce(o.blocked, 0) - (lone_last_out AND o.last_state <> 0)::INTEGER + (straddles AND ob.last_state <> 0)::INTEGER AS blocks,
           coalesce(o.d, 0) - (lone_last_out AND o.last_state & 2 <> 0 AND o.last_state & 1024 = 0)::INTEGER
             + (straddles AND ob.last_state & 2 <> 0 AND ob.last_state & 1024 = 0)::INTEGER AS d_blocks,
           (coalesce(i.sum_wake, 0) - CASE WHEN lone_first_in THEN i.first_wake ELSE 0 END)
             - (coalesce(o.sum_ts, 0) - CASE WHEN lone_last_out THEN o.last_ts ELSE 0 END + CASE WHEN straddles THEN ob.last_ts ELSE 0 END)
             -- the straddling interval (its switch-out before the window, its wakeup i.first_wake) from the window's start
             + CASE WHEN straddles AND ob.last_ts < $from_ns THEN greatest(i.first_wake - $from_ns, 0) - (i.first_wake - ob.last_ts) ELSE 0 END
             AS off_ns
    FROM ends
), p AS (
    SELECT pid, arg_max(comm, last_out) AS comm, count(*) FILTER (WHERE switches > 0) AS threads,
           sum(switches) AS switches, sum(oncpu_ns) AS oncpu_ns,
           coalesce(sum(blocks) FILTER (WHERE paired), 0) AS blocks,
           sum(greatest(off_ns, 0)) FILTER (WHERE paired AND blocks > 0) AS off_ns,
           coalesce(sum(d_blocks) FILTER (WHERE paired), 0) AS d_blocks
    FROM threads
    WHERE pid <> 0
    GROUP BY pid
), ranked AS (
    SELECT *,
           CASE WHEN switches > 0 THEN row_number() OVER (PARTITION BY switches > 0 ORDER BY oncpu_ns DESC, pid) END AS cpu_rank,
           CASE WHEN blocks > 0 THEN row_number() OVER (PARTITION BY blocks > 0 ORDER BY off_ns DESC, pid) END AS offcpu_rank
    FROM p
)
SELECT r.pid, coalesce(pr.name, r.comm) AS comm, r.threads, r.switches::BIGINT AS switches,
       (coalesce(r.oncpu_ns, 0) / 1e6)::DECIMAL(18,3) AS oncpu_ms, r.blocks::BIGINT AS blocks,
       (coalesce(r.off_ns, 0) / 1e6)::DECIMAL(18,3) AS offcpu_ms, r.d_blocks::BIGINT AS d_blocks,
       CASE WHEN r.cpu_rank <= $limit THEN r.cpu_rank END AS cpu_rank,
       CASE WHEN r.offcpu_rank <= $limit THEN r.offcpu_rank END AS offcpu_rank
FROM ranked r LEFT JOIN process pr USING (pid)
WHERE r.cpu_rank <= $limit OR r.offcpu_rank <= $limit
ORDER BY coalesce(r.cpu_rank, $limit + r.offcpu_rank), r.pid;
