-- proc: process lifecycle — exec, fork, exit.

-- Successful execs (sched_process_exec).
-- @column ts BIGINT exec time
-- @column pid INTEGER process that exec'd
-- @column tid INTEGER its thread
-- @column ppid INTEGER its parent
-- @column comm VARCHAR comm after the exec
-- @column filename VARCHAR executed file
-- @column argv VARCHAR[] arguments, possibly truncated
CREATE OR REPLACE VIEW proc_exec AS
SELECT ts, pid, tid, ppid, comm, filename, argv
FROM capture_rows WHERE kind = 'proc_exec';

-- Forks and clones (sched_process_fork): the subject is the parent.
-- @column ts BIGINT fork time
-- @column parent_pid INTEGER parent process
-- @column parent_tid INTEGER parent thread
-- @column parent_comm VARCHAR parent comm
-- @column child_pid INTEGER new process (equals parent_pid for a new thread)
-- @column child_tid INTEGER new thread
CREATE OR REPLACE VIEW proc_fork AS
SELECT ts, pid AS parent_pid, tid AS parent_tid, comm AS parent_comm, child_pid, child_tid
FROM capture_rows WHERE kind = 'proc_fork';

-- Exits (sched_process_exit).
-- @column ts BIGINT exit time
-- @column pid INTEGER process
-- @column tid INTEGER exiting thread
-- @column comm VARCHAR its comm
-- @column exit_code INTEGER wait(2) status: code << 8 | signal
-- @column code INTEGER exit code (status >> 8)
-- @column signal INTEGER terminating signal, 0 if none
CREATE OR REPLACE VIEW proc_exit AS
SELECT ts, pid, tid, comm, exit_code, exit_code >> 8 AS code, exit_code & 127 AS signal
FROM capture_rows WHERE kind = 'proc_exit';

-- Signals sent (signal:signal_generate), by any sender: kill(2) and tgkill(2) callers, and the kernel on a
-- task's behalf (SIGCHLD from an exiting child, SIGPIPE, SIGSEGV, the OOM killer's SIGKILL). The subject is
-- the sender, as killsnoop's PID is.
-- @column ts BIGINT when it was sent
-- @column pid INTEGER sender's process
-- @column tid INTEGER sender's thread
-- @column comm VARCHAR sender's comm
-- @column signal INTEGER signal number
-- @column target_pid INTEGER process it was sent to
-- @column target_tid INTEGER thread it was sent to
-- @column target_comm VARCHAR its comm
-- @column result VARCHAR delivered, ignored (the target ignores it), already_pending, overflow_fail, lose_info
CREATE OR REPLACE VIEW signal AS
SELECT ts, pid, tid, comm, signal, target_pid, target_tid, target_comm, reason AS result
FROM capture_rows WHERE kind = 'signal';

-- Hung tasks: khungtaskd's reports (sched:sched_process_hang) of a task in D that has not run for
-- kernel.hung_task_timeout_secs (120 s by default), once per check while it stays so.
-- @column ts BIGINT when it was reported
-- @column pid INTEGER the hung task's process (its thread id on kernels whose report names only the thread)
-- @column tid INTEGER the hung thread
-- @column comm VARCHAR its comm
-- @column state BIGINT its task state bits: 2 = D (TASK_UNINTERRUPTIBLE)
CREATE OR REPLACE VIEW hung_task AS
SELECT ts, pid, tid, comm, prev_state AS state
FROM capture_rows WHERE kind = 'hung_task';

-- A signal's name as kill -l gives it (KILL, TERM, ...), RTMIN+N for real-time ones.
-- @arg sig INTEGER a signal number
-- @returns VARCHAR its name
CREATE OR REPLACE MACRO signal_name(sig) AS
coalesce(['HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM',
          'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'IO',
          'PWR', 'SYS'][sig], CASE WHEN sig >= 34 THEN 'RTMIN+' || (sig - 34) ELSE sig::VARCHAR END);

-- Processes the kernel's OOM killer chose (oom:mark_victim), recorded whatever the recording's filters; their
-- proc_exit (SIGKILL) follows.
-- @column ts BIGINT when the victim was chosen
-- @column pid INTEGER the victim's task id (the tracepoint gives only that: pid = tid)
-- @column tid INTEGER the same
-- @column comm VARCHAR its comm; empty on kernels before 6.8
-- @column cpu INTEGER CPU
-- @column bytes BIGINT its resident memory (anon + file + shmem) when killed; null where the tracepoint lacks it
-- @column oom_score_adj INTEGER its oom_score_adj, -1000..1000
CREATE OR REPLACE VIEW oom_kill AS
SELECT ts, pid, tid, comm, cpu, bytes, oom_score_adj
FROM capture_rows WHERE kind = 'oom_kill';
