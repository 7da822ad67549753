-- opensnoop: each open, openat, openat2 and creat call, like BCC's opensnoop -T: the fd it returned (-1 on
-- failure) and the errno (0 on success).
-- @report opensnoop 90
-- @source syscall
-- @shape table
-- @help Each open, openat, openat2 and creat: time, pid, comm, fd (-1 on failure), errno and path, like BCC's opensnoop -T.
-- @options OpensnoopView
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param failed_only BOOLEAN failed calls only (opensnoop -x)
-- @param errno INTEGER only calls that failed with this errno; null for any
-- @param start_ns BIGINT the recording's start: TIME(s) counts from it
-- @column time_s DECIMAL(18,6) return, seconds since the recording started
-- @column pid INTEGER process
-- @column comm VARCHAR its comm
-- @column fd BIGINT file descriptor, -1 on failure
-- @column err INTEGER errno, 0 on success
-- @column path VARCHAR path argument
SELECT ((ts - $start_ns) / 1e9)::DECIMAL(18,6) AS time_s, pid, comm,
       CASE WHEN errno IS NULL THEN ret ELSE -1 END AS fd, coalesce(errno, 0) AS err, path
FROM syscall
WHERE name IN ('open', 'openat', 'openat2', 'creat')
  AND ts >= $from_ns AND ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, pid))
  AND comm_matches(pid, comm, $comm)
  AND (NOT $failed_only OR errno IS NOT NULL)
  AND ($errno IS NULL OR errno = $errno)
ORDER BY ts;
