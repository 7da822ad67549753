-- syscall: system calls, one row per call (enter and exit paired in the kernel).

-- @column ts BIGINT exit time
-- @column start_ts BIGINT entry time (ts - dur_ns)
-- @column cpu INTEGER CPU at exit
-- @column pid INTEGER calling process
-- @column tid INTEGER calling thread
-- @column comm VARCHAR its comm
-- @column nr INTEGER syscall number (x86_64)
-- @column name VARCHAR syscall name
-- @column dur_ns BIGINT time in the syscall, ns
-- @column ret BIGINT return value
-- @column errno INTEGER -ret for a failed call, else null
-- @column path VARCHAR path argument (openat, execve, stat family); for read, write and their kin, the fd's file as the recorder named it (format 1.3)
-- @column flags BIGINT flags argument (openat)
-- @column fd INTEGER fd argument of read, write, close and their kin (format 1.3)
CREATE OR REPLACE VIEW syscall AS
SELECT ts, ts - dur_ns AS start_ts, cpu, pid, tid, comm, syscall_nr AS nr, syscall AS name, dur_ns, ret,
       CASE WHEN ret < 0 AND ret >= -4095 THEN CAST(-ret AS INTEGER) END AS errno, path, flags, fd
FROM capture_rows WHERE kind = 'syscall';
