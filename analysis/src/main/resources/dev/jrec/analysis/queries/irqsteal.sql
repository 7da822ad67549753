-- irqsteal: the time hard and soft IRQ handlers took from the tasks they ran over, per process (or thread),
-- the most first. Handlers run on whatever CPU the interrupt lands on, over whatever runs there: this is
-- time a task was on CPU, and billed for it, without running. Not a hypervisor's steal time. The idle task
-- (pid 0) lost nothing; ksoftirqd's softirq time is the work it exists for.
-- @report irqsteal 160
-- @source irq
-- @shape table
-- @help Time hard and soft IRQ handlers took from the tasks they interrupted, per process (--per-thread: per thread), the most first; pid 0 is the idle task.
-- @options IrqstealView
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param cpu INTEGER only this CPU's interrupts; null keeps all
-- @param per_thread BOOLEAN a row per thread instead of per process
-- @param limit BIGINT rows to return
-- @column pid INTEGER interrupted process (0: the idle task)
-- @column tid INTEGER interrupted thread; null per process
-- @column comm VARCHAR the process's name (view process), else the thread's last comm; idle for pid 0
-- @column hardirqs BIGINT hard IRQ handler runs over it
-- @column hardirq_ms DECIMAL(18,3) their time, ms
-- @column softirqs BIGINT softirq handler runs over it
-- @column softirq_ms DECIMAL(18,3) their time, ms
-- @column total_ms DECIMAL(18,3) both, ms
WITH runs AS (
    SELECT ts, cpu, pid, CASE WHEN $per_thread THEN tid END AS tid, comm, dur_ns, true AS hard FROM hardirq
    UNION ALL
    SELECT ts, cpu, pid, CASE WHEN $per_thread THEN tid END, comm, dur_ns, false FROM softirq
), t AS (
    SELECT pid, tid, arg_max(comm, ts) AS comm,
           count(*) FILTER (WHERE hard) AS hardirqs, coalesce(sum(dur_ns) FILTER (WHERE hard), 0) AS hard_ns,
           count(*) FILTER (WHERE NOT hard) AS softirqs, coalesce(sum(dur_ns) FILTER (WHERE NOT hard), 0) AS soft_ns
    FROM runs
    WHERE ts >= $from_ns AND ts < $to_ns
      AND ($cpu IS NULL OR cpu = $cpu)
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
    GROUP BY pid, tid
)
SELECT t.pid, t.tid,
       CASE WHEN t.pid = 0 THEN 'idle' WHEN $per_thread THEN t.comm ELSE coalesce(pr.name, t.comm) END AS comm,
       t.hardirqs, (t.hard_ns / 1e6)::DECIMAL(18,3) AS hardirq_ms, t.softirqs, (t.soft_ns / 1e6)::DECIMAL(18,3) AS softirq_ms,
       ((t.hard_ns + t.soft_ns) / 1e6)::DECIMAL(18,3) AS total_ms
FROM t LEFT JOIN process pr USING (pid)
ORDER BY t.hard_ns + t.soft_ns DESC, t.pid, t.tid
LIMIT $limit;
