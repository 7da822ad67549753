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

-- The comm filter (--comm, the workbench's comm box): a thread matches when its own comm or its process's name
-- (the process view's, what the summary's tables show) matches the glob. So 'svc' keeps a service's workers
-- (svc-w1, svc-w2) with its main thread, as its process table names them, and 'svc-w*' only those workers.
-- @arg pid_ INTEGER the thread's process
-- @arg comm_ VARCHAR the thread's comm
-- @arg pattern VARCHAR the filter, exact or a glob; null matches everything
-- @returns BOOLEAN whether the thread is kept
CREATE OR REPLACE MACRO comm_matches(pid_, comm_, pattern) AS
pattern IS NULL OR comm_ GLOB pattern OR pid_ IN (SELECT pid FROM process WHERE name GLOB pattern);
