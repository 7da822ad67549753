-- sched: the scheduler — context switches, wakeups, migrations.

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
