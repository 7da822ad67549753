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
