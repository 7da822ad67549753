-- filtered: the event views restricted to a filter, for SQL that should see what the workbench's views see (the
-- SQL console's "apply the filter"). Each view of schema filtered has the columns of the
-- main view of its name and its rows in the filter the jrec_* variables hold (FilteredSql sets them):
-- jrec_from_ns and jrec_to_ns (the window on the capture clock; a row counts when its ts, the end of its interval,
-- is in it, as in the reports), jrec_pids (INTEGER[], empty keeps all) and jrec_comm (a comm or process name, exact
-- or a glob, comm_matches; null keeps all). A switch is kept when either of its tasks is. With search_path
-- 'filtered,main', a query names them as usual; views without events (thread, process, frame, stack_frame,
-- capture_metadata) are main's, whole.
-- @include block
-- @include irq
-- @include mem
-- @include lock
-- @include meta
-- @include net
-- @include proc
-- @include process
-- @include sched
-- @include stacks
-- @include syscall
-- @include uprobe
CREATE SCHEMA IF NOT EXISTS filtered;

CREATE OR REPLACE MACRO main.jrec_in_window(ts_) AS
    (getvariable('jrec_from_ns') IS NULL OR ts_ >= getvariable('jrec_from_ns')) AND (getvariable('jrec_to_ns') IS NULL OR ts_ < getvariable('jrec_to_ns'));

CREATE OR REPLACE MACRO main.jrec_kept(pid_, comm_) AS
    (len(coalesce(getvariable('jrec_pids'), []::INTEGER[])) = 0 OR list_contains(getvariable('jrec_pids'), pid_))
    AND main.comm_matches(pid_, comm_, getvariable('jrec_comm'));

CREATE OR REPLACE VIEW filtered.sched_switch AS SELECT * FROM main.sched_switch
WHERE main.jrec_in_window(ts) AND (main.jrec_kept(prev_pid, prev_comm) OR main.jrec_kept(next_pid, next_comm));
CREATE OR REPLACE VIEW filtered.sched_wakeup AS SELECT * FROM main.sched_wakeup WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.sched_migrate AS SELECT * FROM main.sched_migrate WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.proc_exec AS SELECT * FROM main.proc_exec WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.proc_fork AS SELECT * FROM main.proc_fork WHERE main.jrec_in_window(ts) AND main.jrec_kept(parent_pid, parent_comm);
CREATE OR REPLACE VIEW filtered.proc_exit AS SELECT * FROM main.proc_exit WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.signal AS SELECT * FROM main.signal WHERE main.jrec_in_window(ts) AND (main.jrec_kept(pid, comm) OR main.jrec_kept(target_pid, target_comm));
CREATE OR REPLACE VIEW filtered.hung_task AS SELECT * FROM main.hung_task WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.oom_kill AS SELECT * FROM main.oom_kill WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.block_rq_issue AS SELECT * FROM main.block_rq_issue WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.block_rq_complete AS SELECT * FROM main.block_rq_complete WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.syscall AS SELECT * FROM main.syscall WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.cpu_sample AS SELECT * FROM main.cpu_sample WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.offcpu AS SELECT * FROM main.offcpu WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.tcp_state AS SELECT * FROM main.tcp_state WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.tcp_accept AS SELECT * FROM main.tcp_accept WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.tcp_retransmit AS SELECT * FROM main.tcp_retransmit WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.tcp_send_reset AS SELECT * FROM main.tcp_send_reset WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.tcp_receive_reset AS SELECT * FROM main.tcp_receive_reset WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.tcp_drop AS SELECT * FROM main.tcp_drop WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.tcp_bytes AS SELECT * FROM main.tcp_bytes WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.hardirq AS SELECT * FROM main.hardirq WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.softirq AS SELECT * FROM main.softirq WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.reclaim AS SELECT * FROM main.reclaim WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.page_fault AS SELECT * FROM main.page_fault WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.rss AS SELECT * FROM main.rss WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.lock_contention AS SELECT * FROM main.lock_contention WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.futex_wait AS SELECT * FROM main.futex_wait WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.futex_waker AS SELECT * FROM main.futex_waker WHERE main.jrec_in_window(ts) AND main.jrec_kept(waker_pid, waker_comm);
CREATE OR REPLACE VIEW filtered.futex_wake AS SELECT * FROM main.futex_wake WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
CREATE OR REPLACE VIEW filtered.loss AS SELECT * FROM main.loss WHERE main.jrec_in_window(ts);
CREATE OR REPLACE VIEW filtered.uprobe_call AS SELECT * FROM main.uprobe_call WHERE main.jrec_in_window(ts) AND main.jrec_kept(pid, comm);
