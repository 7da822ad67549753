-- filetop: reads and writes per process and file over the window, as BCC's filetop prints them (per process
-- rather than per thread, and over the window rather than per interval): calls and KiB each way, the file's
-- type and its name as the recorder resolved it from the process's opens or /proc/PID/fd (a full path where
-- filetop shows the last component). Counted from the syscall source's read, write, pread64, pwrite64, readv,
-- writev, preadv, pwritev, preadv2 and pwritev2 rows; a failed call moves no bytes and is not counted.
-- @report filetop 92
-- @source syscall
-- @shape table
-- @help Reads and writes per process and file, most bytes first, like BCC's filetop (regular files unless -a).
-- @options FiletopView
-- @nothing reads or writes
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param all_files BOOLEAN also pipes, sockets, devices and files the recorder could not name (filetop -a)
-- @column pid INTEGER process
-- @column comm VARCHAR comm of its thread with the most calls on the file
-- @column reads BIGINT successful read calls
-- @column writes BIGINT successful write calls
-- @column r_kb BIGINT KiB read
-- @column w_kb BIGINT KiB written
-- @column t VARCHAR file type as filetop gives it: R regular, S socket, P pipe (FIFO), O other (devices, anon inodes), ? unnamed
-- @column file VARCHAR the file: a path, or the kernel's name for a pipe or socket (pipe:[123]); null when unknown
WITH io AS (
    SELECT pid, comm, path, name LIKE '%read%' AS rd, ret,
           CASE WHEN path IS NULL THEN '?' WHEN path LIKE 'socket:%' THEN 'S' WHEN path LIKE 'pipe:%' THEN 'P'
                WHEN path LIKE '/dev/%' OR path NOT LIKE '/%' THEN 'O' ELSE 'R' END AS t
    FROM syscall
    WHERE name IN ('read', 'write', 'pread64', 'pwrite64', 'readv', 'writev', 'preadv', 'pwritev', 'preadv2', 'pwritev2')
      AND ret >= 0
      AND ts >= $from_ns AND ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
)
SELECT pid, mode(comm) AS comm, count(*) FILTER (WHERE rd) AS reads, count(*) FILTER (WHERE NOT rd) AS writes,
       (coalesce(sum(ret) FILTER (WHERE rd), 0) // 1024)::BIGINT AS r_kb, (coalesce(sum(ret) FILTER (WHERE NOT rd), 0) // 1024)::BIGINT AS w_kb,
       t, path AS file
FROM io
WHERE $all_files OR t = 'R'
GROUP BY pid, t, path
ORDER BY sum(ret) DESC, pid, file;
