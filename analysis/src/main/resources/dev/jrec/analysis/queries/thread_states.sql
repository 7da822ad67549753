-- thread_states: what each thread was doing over time, for the workbench's per-process lanes: running (on a CPU,
-- from its switch-in to its switch-out), runnable (waiting for a CPU: next_runq_ns before a switch-in) and
-- blocked from a switch-out in a sleeping state until its wakeup (the next switch-in less its run-queue wait),
-- with that state: S (interruptible sleep), D (uninterruptible, usually I/O), I (idle: a kernel thread waiting for
-- work, TASK_IDLE) or the kernel's number. A thread
-- still asleep at the end of the recording shows blocked until the last switch. An interval counts when it
-- overlaps the window, and is cut at the window and the recording's start. In thread and time order.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param tids INTEGER[] threads to keep; empty keeps all (a timeline asks for the lanes in sight)
-- @param start_ns BIGINT the recording's start: no interval starts before it
-- @param limit BIGINT rows to return at most
-- @column pid INTEGER process
-- @column tid INTEGER thread
-- @column comm VARCHAR the thread's comm at that time
-- @column state VARCHAR running, runnable, S, D, I (idle), or the kernel's state number when it is another
-- @column start_ns BIGINT interval start, on the capture clock
-- @column dur_ns BIGINT interval length
WITH iv AS (
    SELECT * FROM thread_intervals($pids, $comm, $tids)
)
SELECT pid, tid, comm, state, greatest(s, $from_ns, $start_ns) AS start_ns, least(e, $to_ns) - greatest(s, $from_ns, $start_ns) AS dur_ns
FROM iv
WHERE e > $from_ns AND s < $to_ns AND least(e, $to_ns) > greatest(s, $from_ns, $start_ns)
ORDER BY tid, start_ns, state
LIMIT $limit;
