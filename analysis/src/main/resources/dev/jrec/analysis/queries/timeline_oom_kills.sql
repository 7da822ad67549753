-- timeline_oom_kills: the processes the kernel's OOM killer chose, for the timeline's flags and the victims' lanes:
-- all of them (a recording has few), whatever the filter, as a ring dump's trigger is drawn. The victim's name is
-- the row's comm, or on kernels before 6.8 (which leave it empty) its exit's or the thread table's. By time.
-- @column ts BIGINT when the victim was chosen
-- @column pid INTEGER the victim (pid = tid: the tracepoint gives its task id only)
-- @column tid INTEGER the same
-- @column comm VARCHAR the victim's comm; null when nothing recorded names it
-- @column rss_bytes BIGINT its resident memory when killed (anon + file + shmem); null where the kernel lacks it
-- @column oom_score_adj INTEGER its oom_score_adj, -1000..1000; null in a capture older than format 1.2
SELECT o.ts, o.pid, o.tid,
       coalesce(nullif(o.comm, ''), (SELECT arg_min(x.comm, x.ts) FROM proc_exit x WHERE x.tid = o.tid AND x.ts >= o.ts),
                (SELECT t.comm FROM thread t WHERE t.tid = o.tid)) AS comm,
       o.bytes AS rss_bytes, o.oom_score_adj
FROM oom_kill o
ORDER BY o.ts, o.tid;
