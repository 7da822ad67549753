-- sched: the scheduler — context switches, wakeups, migrations.
-- @include process

-- One row per context switch on a CPU, with the durations the recorder derived in the kernel.
-- @column ts BIGINT switch time, ns on the capture clock
-- @column cpu INTEGER CPU that switched
-- @column prev_pid INTEGER process of the task switched out
-- @column prev_tid INTEGER thread switched out
-- @column prev_comm VARCHAR its comm
-- @column prev_prio INTEGER its kernel priority
-- @column prev_state BIGINT its state: 0 runnable (preempted), 1 S (sleeping), 2 D (uninterruptible), ...
-- @column next_pid INTEGER process of the task switched in
-- @column next_tid INTEGER thread switched in
-- @column next_comm VARCHAR its comm
-- @column next_prio INTEGER its kernel priority
-- @column prev_oncpu_ns BIGINT how long prev ran since it was switched in (cpudist)
-- @column next_runq_ns BIGINT how long next waited runnable since its wakeup or preemption (runqlat)
CREATE OR REPLACE VIEW sched_switch AS
SELECT ts, cpu, pid AS prev_pid, tid AS prev_tid, comm AS prev_comm, prio AS prev_prio, prev_state,
       next_pid, next_tid, next_comm, next_prio, dur_ns AS prev_oncpu_ns, wait_ns AS next_runq_ns
FROM capture_rows WHERE kind = 'sched_switch';

-- Wakeups (sched_wakeup) and first wakeups of new tasks (sched_wakeup_new).
-- @column ts BIGINT wakeup time
-- @column cpu INTEGER CPU the waker ran on
-- @column pid INTEGER process of the woken task
-- @column tid INTEGER woken thread
-- @column comm VARCHAR its comm
-- @column prio INTEGER its priority
-- @column target_cpu INTEGER CPU it was queued on
-- @column is_new BOOLEAN true for a newly forked task's first wakeup
-- @column waker_stack_id BIGINT the waker's stack, when stacks were recorded
CREATE OR REPLACE VIEW sched_wakeup AS
SELECT ts, cpu, pid, tid, comm, prio, target_cpu, kind = 'sched_wakeup_new' AS is_new, stack_id AS waker_stack_id
FROM capture_rows WHERE kind IN ('sched_wakeup', 'sched_wakeup_new');

-- Task migrations between CPUs.
-- @column ts BIGINT migration time
-- @column pid INTEGER process of the migrated task
-- @column tid INTEGER migrated thread
-- @column comm VARCHAR its comm
-- @column orig_cpu INTEGER CPU it left
-- @column dest_cpu INTEGER CPU it moved to
CREATE OR REPLACE VIEW sched_migrate AS
SELECT ts, pid, tid, comm, orig_cpu, target_cpu AS dest_cpu
FROM capture_rows WHERE kind = 'sched_migrate';

-- What threads were doing between their switches: each interval a thread ran (ending at a switch-out that
-- knows its on-CPU time), waited runnable (ending at a switch-in that knows its run-queue wait), or was
-- blocked (from a switch-out in a sleeping state to the wakeup before its next switch-in, or to the end of
-- the recording for a sleep that never ended in it). Paired per thread in time order; the thread_states
-- and timeline_thread_states queries cut them to a window.
-- @arg pids INTEGER[] processes to keep; empty keeps all
-- @arg comm_glob VARCHAR comm to keep, exact or a glob; null keeps all
-- @arg tids INTEGER[] threads to keep; empty keeps all
-- @column pid INTEGER process
-- @column tid INTEGER thread
-- @column comm VARCHAR the thread's comm at that time
-- @column state VARCHAR running, runnable, S, D, I (idle: TASK_IDLE, D | TASK_NOLOAD (1026), how kernel threads wait
-- for work: not blocked, and not counted in the load average), or the kernel's state number when it is another
-- @column s BIGINT interval start, capture clock
-- @column e BIGINT interval end, capture clock
CREATE OR REPLACE MACRO thread_intervals(pids, comm_glob, tids) AS TABLE
WITH edges AS (
    SELECT prev_pid AS pid, prev_tid AS tid, prev_comm AS comm, ts, prev_oncpu_ns AS oncpu_ns, prev_state AS state,
           NULL::BIGINT AS runq_ns, 0 AS dir
    FROM sched_switch
    WHERE prev_tid <> 0 AND (len(pids) = 0 OR list_contains(pids, prev_pid)) AND comm_matches(prev_pid, prev_comm, comm_glob)
      AND (len(tids) = 0 OR list_contains(tids, prev_tid))
    UNION ALL
    SELECT next_pid, next_tid, next_comm, ts, NULL, NULL, next_runq_ns, 1
    FROM sched_switch
    WHERE next_tid <> 0 AND (len(pids) = 0 OR list_contains(pids, next_pid)) AND comm_matches(next_pid, next_comm, comm_glob)
      AND (len(tids) = 0 OR list_contains(tids, next_tid))
), spans AS (
    SELECT *, lead(dir) OVER w AS next_dir, lead(ts) OVER w - coalesce(lead(runq_ns) OVER w, 0) AS wake_ts
    FROM edges
    WINDOW w AS (PARTITION BY tid ORDER BY ts, dir)
)
SELECT pid, tid, comm, 'running' AS state, ts - oncpu_ns AS s, ts AS e FROM spans WHERE dir = 0 AND oncpu_ns IS NOT NULL
UNION ALL
SELECT pid, tid, comm, 'runnable', ts - runq_ns, ts FROM spans WHERE dir = 1 AND runq_ns IS NOT NULL
UNION ALL
SELECT pid, tid, comm, CASE WHEN state & 1026 = 1026 THEN 'I' WHEN state & 2 <> 0 THEN 'D' WHEN state & 1 <> 0 THEN 'S' ELSE state::VARCHAR END,
       ts, CASE WHEN next_dir = 1 THEN wake_ts ELSE (SELECT max(ts) FROM sched_switch) END
FROM spans
WHERE dir = 0 AND state <> 0 AND (next_dir = 1 OR (next_dir IS NULL AND state & 3 <> 0));
