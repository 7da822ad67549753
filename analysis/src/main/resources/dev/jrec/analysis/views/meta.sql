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
-- @column source VARCHAR source that lost events: sched, proc, block, syscall, profile, offcpu, net, irq, mem, lock, uprobe
-- @column reason VARCHAR ringbuf_full, map_full, read_failed, stack_missing, untimed (events kept without their stack or derived times); max_size, disk_full, write_failed when the writer stopped before the recording (docs/format.md, section 7)
-- @column lost BIGINT events lost in the interval
CREATE OR REPLACE VIEW loss AS
SELECT ts, dur_ns, source, reason, lost
FROM capture_rows WHERE kind = 'loss';

-- A container's id from the cgroup path of one of its tasks: the 64 hex digits that runtimes name their
-- cgroups after, as the last part of the path: docker-ID.scope (docker, systemd driver), /docker/ID (cgroupfs
-- driver), cri-containerd-ID.scope, crio-ID.scope, libpod-ID.scope (podman), /kubepods/.../ID. Null otherwise.
-- @arg cg VARCHAR a cgroup v2 path
-- @returns VARCHAR the id, 64 hex digits (docker ps shows its first 12)
CREATE OR REPLACE MACRO container_id(cg) AS
nullif(regexp_extract(cg, '(?:^|/)(?:[a-z]+(?:-[a-z]+)*-)?([0-9a-f]{64})(?:\.scope)?$', 1), '');

-- A Kubernetes pod's UID from a cgroup path: kubepods-...-pod<UID with _ for ->.slice (systemd driver) or
-- /kubepods/.../pod<UID>/ (cgroupfs driver). Null otherwise.
-- @arg cg VARCHAR a cgroup v2 path
-- @returns VARCHAR the pod UID, as kubectl shows it
CREATE OR REPLACE MACRO pod_uid(cg) AS
nullif(replace(regexp_extract(cg, 'pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})', 1), '_', '-'), '');

-- What to call a cgroup in a report: the container's short id or the pod's UID when it has one, else ''.
-- @arg cg VARCHAR a cgroup v2 path
-- @returns VARCHAR e.g. 'container 4f3c2a1b9d8e', 'pod 1b2c3d4e-...', or ''
CREATE OR REPLACE MACRO cgroup_label(cg) AS
CASE WHEN container_id(cg) IS NOT NULL THEN 'container ' || left(container_id(cg), 12)
     WHEN pod_uid(cg) IS NOT NULL THEN 'pod ' || pod_uid(cg) ELSE '' END;

-- Process/thread table: the newest row jrec wrote for each thread.
-- @column pid INTEGER process id (tgid)
-- @column tid INTEGER thread id
-- @column comm VARCHAR thread name
-- @column ppid INTEGER parent process id
-- @column cmdline VARCHAR command line, arguments separated by spaces
-- @column cgroup VARCHAR cgroup v2 path
-- @column cgroup_id BIGINT cgroup v2 id
-- @column container_id VARCHAR the container's id, when the cgroup path names one (docker, containerd, CRI-O, podman)
-- @column pod_uid VARCHAR the Kubernetes pod's UID, when the cgroup path names one
-- @column start_ts BIGINT thread start on the capture clock, when known
-- @column exit_ts BIGINT thread exit on the capture clock, when known
-- @column seen_ts BIGINT when jrec wrote this row
CREATE OR REPLACE VIEW thread AS
SELECT pid, tid, comm, ppid, cmdline, cgroup, cgroup_id, container_id(cgroup) AS container_id, pod_uid(cgroup) AS pod_uid,
       start_ts, exit_ts, ts AS seen_ts
FROM capture_rows WHERE kind = 'thread'
-- captures before 1.4 may stamp a thread's rows alike: its exit row, written last, is then the one
QUALIFY row_number() OVER (PARTITION BY tid ORDER BY ts DESC, exit_ts DESC NULLS LAST) = 1;
