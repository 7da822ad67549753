-- mem: memory pressure as the tasks felt it: time spent reclaiming, page faults (sampled), resident memory over
-- time. A task reclaims when the memory it asks for is not free: the machine's (direct reclaim) or its memory
-- cgroup's limit (memcg reclaim: memory.max or memory.high in v2, memory.limit_in_bytes in v1). That time is a
-- stall of the allocating task, in the middle of whatever it was doing.

-- Reclaim an allocating task did itself (vmscan:mm_vmscan_*_reclaim_begin/end, paired in the kernel), the
-- events of BCC's drsnoop, and the memory cgroup's as well.
-- @column ts BIGINT reclaim end
-- @column start_ts BIGINT reclaim start (ts - dur_ns)
-- @column cpu INTEGER CPU it ended on
-- @column pid INTEGER process of the allocating task
-- @column tid INTEGER the allocating thread
-- @column comm VARCHAR its comm
-- @column memcg BOOLEAN true when its memory cgroup was at its limit (kind memcg_reclaim), false when the machine was short (direct_reclaim)
-- @column dur_ns BIGINT time spent reclaiming, ns
-- @column reclaimed_bytes BIGINT memory it freed
-- @column alloc_order INTEGER order of the allocation that had to wait (0 = one page; memcg reclaim gives 0)
CREATE OR REPLACE VIEW reclaim AS
SELECT ts, ts - dur_ns AS start_ts, cpu, pid, tid, comm, kind = 'memcg_reclaim' AS memcg, dur_ns, bytes AS reclaimed_bytes,
       alloc_order
FROM capture_rows WHERE kind IN ('direct_reclaim', 'memcg_reclaim');

-- Page faults, sampled by perf software events after the kernel handled them: every weight-th minor fault (the
-- page was in memory, or zero-filled) and every major one by default (it waited for a disk read). sum(weight)
-- estimates the faults; a row's stack is the user stack that touched the page.
-- @column ts BIGINT when the fault was handled
-- @column cpu INTEGER CPU
-- @column pid INTEGER faulting process
-- @column tid INTEGER faulting thread
-- @column comm VARCHAR its comm
-- @column major BOOLEAN true when it read from disk (major_fault), false for a minor fault
-- @column addr BIGINT the data address that faulted
-- @column weight BIGINT faults this row stands for: the sample period
-- @column stack_id BIGINT user stack at the fault, see stack_frame; null when lost
CREATE OR REPLACE VIEW page_fault AS
SELECT ts, cpu, pid, tid, comm, kind = 'major_fault' AS major, addr, weight, stack_id
FROM capture_rows WHERE kind IN ('minor_fault', 'major_fault');

-- A process's resident memory (kmem:rss_stat), at most one row per process per --rss-interval while its counters
-- change: a curve of its growth, as /proc/PID/status would have shown it. A process whose memory does not change
-- has no rows; the last change within an interval of the previous row is not shown.
-- @column ts BIGINT when it was read
-- @column pid INTEGER process
-- @column tid INTEGER thread whose allocation or free changed it
-- @column comm VARCHAR that thread's comm
-- @column rss_bytes BIGINT resident memory: anon + file + shmem (RssAnon + RssFile + RssShmem)
-- @column rss_anon BIGINT resident anonymous memory (RssAnon)
-- @column rss_file BIGINT resident file-backed memory (RssFile)
-- @column rss_shmem BIGINT resident shared memory (RssShmem)
-- @column swap BIGINT memory swapped out (VmSwap)
CREATE OR REPLACE VIEW rss AS
SELECT ts, pid, tid, comm, rss_anon + rss_file + rss_shmem AS rss_bytes, rss_anon, rss_file, rss_shmem, swap
FROM capture_rows WHERE kind = 'rss';
