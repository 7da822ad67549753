-- shmsnoop: each System V shared memory call, like BCC's shmsnoop: shmget, shmat, shmdt and shmctl with their
-- return (a segment id, an address, 0) or errno. The syscall source records no arguments beyond a path and
-- open flags, so the key, size and flags shmsnoop prints are not here; the return says which segment.
-- @report shmsnoop 96
-- @source syscall
-- @shape table
-- @help Each shmget, shmat, shmdt and shmctl: time, pid, comm, call, return (segment id or address) and errno, like BCC's shmsnoop (without its arguments).
-- @nothing System V shared memory calls
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param start_ns BIGINT the recording's start: TIME(s) counts from it
-- @column time_s DECIMAL(18,6) return, seconds since the recording started
-- @column pid INTEGER process
-- @column tid INTEGER thread
-- @column comm VARCHAR its comm
-- @column syscall VARCHAR shmget, shmat, shmdt or shmctl
-- @column ret VARCHAR what it returned: shmget a segment id, shmat an address (hex), shmdt and shmctl 0; -1 on failure
-- @column err INTEGER errno, 0 on success
SELECT ((ts - $start_ns) / 1e9)::DECIMAL(18,6) AS time_s, pid, tid, comm, name AS syscall,
       CASE WHEN errno IS NOT NULL THEN '-1' WHEN name = 'shmat' THEN printf('0x%x', ret) ELSE ret::VARCHAR END AS ret,
       coalesce(errno, 0) AS err
FROM syscall
WHERE name IN ('shmget', 'shmat', 'shmdt', 'shmctl')
  AND ts >= $from_ns AND ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, pid))
  AND comm_matches(pid, comm, $comm)
ORDER BY ts;
