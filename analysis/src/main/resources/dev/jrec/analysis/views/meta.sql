-- meta: what jrec knows about the capture itself — footer metadata, loss, threads.
-- Built on capture_rows (every row of the file) and capture_kv (its footer), which CaptureDb defines.

-- Footer key-value metadata, as text (docs/format.md, "Footer metadata").
-- @column key VARCHAR metadata key, e.g. jrec.host
-- @column value VARCHAR its value; numbers are decimal text
CREATE OR REPLACE VIEW capture_metadata AS
SELECT key, value FROM capture_kv;

-- Events a source dropped: one row per source, reason and interval. No row means nothing was lost.
-- @column ts BIGINT end of the interval, ns on the capture clock
-- @column dur_ns BIGINT interval length in ns
-- @column source VARCHAR source that lost events: sched, proc, block, syscall, profile, offcpu
-- @column reason VARCHAR ringbuf_full, map_full, stack_missing; max_size, disk_full, write_failed when the writer stopped before the recording (docs/format.md, section 7)
-- @column lost BIGINT events lost in the interval
CREATE OR REPLACE VIEW loss AS
SELECT ts, dur_ns, source, reason, lost
FROM capture_rows WHERE kind = 'loss';

-- Process/thread table: the newest row jrec wrote for each thread.
-- @column pid INTEGER process id (tgid)
-- @column tid INTEGER thread id
-- @column comm VARCHAR thread name
-- @column ppid INTEGER parent process id
-- @column cmdline VARCHAR command line, arguments separated by spaces
-- @column cgroup VARCHAR cgroup v2 path
-- @column cgroup_id BIGINT cgroup v2 id
-- @column start_ts BIGINT thread start on the capture clock, when known
-- @column exit_ts BIGINT thread exit on the capture clock, when known
-- @column seen_ts BIGINT when jrec wrote this row
CREATE OR REPLACE VIEW thread AS
SELECT pid, tid, comm, ppid, cmdline, cgroup, cgroup_id, start_ts, exit_ts, ts AS seen_ts
FROM capture_rows WHERE kind = 'thread'
QUALIFY row_number() OVER (PARTITION BY tid ORDER BY ts DESC) = 1;
