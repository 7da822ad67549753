-- process: one row per process, for analyses that report processes rather than threads.

-- Processes the thread table knows. A thread's later rows may leave fields out, so each field is the newest
-- value jrec learned for any of the process's threads (arg_max skips nulls).
-- @column pid INTEGER process id (tgid)
-- @column name VARCHAR what to call it: its main thread's comm, else its executable's base name, else a thread's comm
-- @column ppid INTEGER parent process id
-- @column cmdline VARCHAR command line, arguments separated by spaces
-- @column start_ts BIGINT start of its earliest known thread on the capture clock, when known
-- @column threads BIGINT threads the thread table knows
CREATE OR REPLACE VIEW process AS
SELECT pid,
       coalesce(arg_max(CASE WHEN tid = pid THEN comm END, ts),
                nullif(regexp_extract(arg_max(nullif(cmdline, ''), ts), '^(?:\S*/)?(\S+)', 1), ''),
                arg_max(comm, ts)) AS name,
       arg_max(ppid, ts) AS ppid,
       arg_max(cmdline, ts) AS cmdline,
       min(start_ts) AS start_ts,
       count(DISTINCT tid) AS threads
FROM capture_rows WHERE kind = 'thread' AND pid IS NOT NULL
GROUP BY pid;
