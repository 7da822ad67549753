-- timeline_cpu: per CPU and time bucket, how long selected tasks ran on it and the task that ran the most, from
-- the on-CPU intervals of sched_switch (prev_oncpu_ns, which ends at the switch). Intervals are cut at bucket
-- edges and at the window; buckets count from $start_ns. The idle task (pid 0) is not busy time. Only buckets
-- in which a selected task ran are listed.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param start_ns BIGINT where bucket 0 starts (the window's start, at or after the recording's)
-- @param bucket_ns BIGINT bucket length, ns
-- @column bucket BIGINT bucket number: it starts at start_ns + bucket * bucket_ns
-- @column cpu INTEGER the CPU
-- @column busy_ns BIGINT time selected tasks ran on it in the bucket
-- @column top_pid INTEGER process of the task that ran the most in the bucket
-- @column top_comm VARCHAR that task's comm
-- @column top_ns BIGINT how long it ran in the bucket
WITH iv AS (
    SELECT cpu, prev_pid AS pid, prev_comm AS comm,
           greatest(ts - prev_oncpu_ns, $from_ns, $start_ns) AS s, least(ts, $to_ns) AS e
    FROM sched_switch
    WHERE prev_pid <> 0 AND prev_oncpu_ns IS NOT NULL
      AND ts > $from_ns AND ts - prev_oncpu_ns < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, prev_pid))
      AND comm_matches(prev_pid, prev_comm, $comm)
), pieces AS (
    SELECT cpu, pid, comm, s, e,
           unnest(range((s - $start_ns) // $bucket_ns, (e - 1 - $start_ns) // $bucket_ns + 1)) AS bucket
    FROM iv WHERE e > s
), per_task AS (
    SELECT bucket, cpu, pid, comm,
           sum(least(e, $start_ns + (bucket + 1) * $bucket_ns) - greatest(s, $start_ns + bucket * $bucket_ns)) AS ns
    FROM pieces GROUP BY ALL
), ranked AS (
    SELECT bucket, cpu, pid, comm, ns, sum(ns) OVER (PARTITION BY bucket, cpu) AS busy_ns,
           row_number() OVER (PARTITION BY bucket, cpu ORDER BY ns DESC, pid, comm) AS rank
    FROM per_task
)
SELECT bucket, cpu, busy_ns::BIGINT AS busy_ns, pid AS top_pid, comm AS top_comm, ns::BIGINT AS top_ns
FROM ranked WHERE rank = 1
ORDER BY bucket, cpu;
