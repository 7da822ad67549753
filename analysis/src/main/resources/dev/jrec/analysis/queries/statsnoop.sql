-- statsnoop: each stat-family call with its path, like BCC's statsnoop -t: stat, lstat, newfstatat (fstatat,
-- and what glibc's stat() calls today) and statx; what returns errors here is a lookup that keeps missing (a
-- search path walked on every request, a config file polled that is not there).
-- @report statsnoop 95
-- @source syscall
-- @shape table
-- @help Each stat, lstat, fstatat and statx call: time, pid, comm, return, errno and path, like BCC's statsnoop -t.
-- @nothing stat calls
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param start_ns BIGINT the recording's start: TIME(s) counts from it
-- @column time_s DECIMAL(18,6) return, seconds since the recording started
-- @column pid INTEGER process
-- @column comm VARCHAR its comm
-- @column ret BIGINT return value: 0, or -1 on failure
-- @column err INTEGER errno, 0 on success
-- @column syscall VARCHAR which call
-- @column path VARCHAR path argument (empty for fstatat on a file descriptor, AT_EMPTY_PATH)
SELECT ((ts - $start_ns) / 1e9)::DECIMAL(18,6) AS time_s, pid, comm, CASE WHEN errno IS NULL THEN ret ELSE -1 END AS ret,
       coalesce(errno, 0) AS err, name AS syscall, path
FROM syscall
WHERE name IN ('stat', 'lstat', 'newfstatat', 'statx')
  AND ts >= $from_ns AND ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, pid))
  AND comm_matches(pid, comm, $comm)
ORDER BY ts;
