-- lock: kernel lock contention (lock:contention_begin/end) and user-space futex waits and wakes (the lock
-- source). One row per contention or futex call, at its end; dur_ns reaches back to its start.
-- @include stacks

-- Whether a kernel function is part of taking a lock (its slow path, spinning, or the tracepoint's own
-- dispatch), not the code that wanted the lock: perf lock contention skips these to name the caller.
-- @arg func VARCHAR kernel function name
-- @returns BOOLEAN true for a locking function
CREATE OR REPLACE MACRO lock_function(func) AS
regexp_matches(func, '^(_raw_|__raw_|do_raw_|queued_|native_queued_|__pv_queued_|pv_queued_|mutex_lock|__mutex_lock|mutex_spin|'
    || 'mutex_optimistic|__mutex_|ww_mutex_lock|__ww_mutex|rwsem_|__rwsem|down_read|down_write|__down_read|__down_write|'
    || '__down|down$|down_interruptible|down_killable|down_timeout|down_trylock|percpu_down|__percpu_down|percpu_rwsem|'
    || 'rt_mutex|__rt_mutex|rt_spin|rtlock_|rwbase_|rt_read_lock|rt_write_lock|osq_lock|lock_contended|trace_contention|'
    || '__traceiter_contention|__bpf_trace_contention|bpf_trace_run|bpf_prog_)');

-- The caller of each stack a contention was recorded with: its first frame outside the locking functions,
-- as function+0xoffset (perf lock contention's caller column).
-- @column stack_id BIGINT a lock_contention row's stack
-- @column caller VARCHAR first frame that is not a locking function, e.g. __vm_munmap+0x8a; null if none is named
-- @column caller_func VARCHAR that frame's function alone
CREATE OR REPLACE VIEW lock_caller AS
SELECT sf.stack_id,
       arg_min(f.func || '+0x' || lower(hex(f.func_offset)), sf.depth) AS caller,
       arg_min(f.func, sf.depth) AS caller_func
FROM stack_frame sf JOIN frame f USING (frame_id)
WHERE sf.stack_id IN (SELECT DISTINCT stack_id FROM capture_rows WHERE kind = 'lock_contention' AND stack_id IS NOT NULL)
  AND f.func IS NOT NULL AND NOT lock_function(f.func)
GROUP BY sf.stack_id;

-- Kernel lock contentions (lock:contention_begin -> contention_end), one per wait of one task for one lock,
-- as perf lock contention and BCC's klockstat time them. A mutex that spins on its owner and then sleeps
-- is one wait; a wait inside another (a mutex's wait_lock spinlock while taking the mutex) is a row of its own.
-- @column ts BIGINT contention_end: when the lock was taken (or the wait given up)
-- @column start_ts BIGINT contention_begin (ts - dur_ns)
-- @column dur_ns BIGINT time waited, ns
-- @column cpu INTEGER CPU it ended on
-- @column pid INTEGER waiting process (the interrupted one for a wait in an interrupt)
-- @column tid INTEGER waiting thread
-- @column comm VARCHAR that thread's comm
-- @column lock_id BIGINT the lock: the same number for every contention on it in the recording
-- @column lock_name VARCHAR mmap_lock or siglock of the waiter, the kernel variable of a static lock (rcu_state), else null
-- @column lock_type VARCHAR spinlock, rwlock:R, rwlock:W, mutex, rwsem:R, rwsem:W, rtmutex, percpu-rwsem:R, ...
-- @column lcb_flags BIGINT contention_begin's flags: 1 SPIN, 2 READ, 4 WRITE, 8 RT, 16 PERCPU, 32 MUTEX
-- @column ret BIGINT contention_end's: 0 taken, else -errno (-4 EINTR: a signal ended a killable wait)
-- @column stack_id BIGINT the waiter's kernel stack at the end, see stack_frame
-- @column caller VARCHAR its first frame outside the locking functions, function+0xoffset
-- @column caller_func VARCHAR that frame's function
CREATE OR REPLACE VIEW lock_contention AS
SELECT ts, ts - dur_ns AS start_ts, dur_ns, cpu, pid, tid, comm, lock_id, lock_name, lock_type, flags AS lcb_flags, ret, stack_id,
       (SELECT c.caller FROM lock_caller c WHERE c.stack_id = capture_rows.stack_id) AS caller,
       (SELECT c.caller_func FROM lock_caller c WHERE c.stack_id = capture_rows.stack_id) AS caller_func
FROM capture_rows WHERE kind = 'lock_contention';

-- Futex wakes that woke someone: FUTEX_WAKE, WAKE_BITSET, WAKE_OP with woken > 0, and UNLOCK_PI (which the
-- kernel is asked for only when the word says there are waiters).
-- @column ts BIGINT the syscall's exit
-- @column start_ts BIGINT its entry (ts - dur_ns)
-- @column dur_ns BIGINT time in futex(2), ns
-- @column cpu INTEGER CPU it returned on
-- @column pid INTEGER waking process
-- @column tid INTEGER waking thread
-- @column comm VARCHAR its comm
-- @column uaddr BIGINT the futex word's address in the waker's process
-- @column futex_op VARCHAR WAKE, WAKE_BITSET, WAKE_OP, UNLOCK_PI
-- @column op BIGINT the op as passed: + 128 FUTEX_PRIVATE_FLAG, + 256 FUTEX_CLOCK_REALTIME
-- @column woken BIGINT the syscall's return: tasks woken (UNLOCK_PI: 0)
CREATE OR REPLACE VIEW futex_wake AS
SELECT ts, ts - dur_ns AS start_ts, dur_ns, cpu, pid, tid, comm, uaddr, futex_op, flags AS op, ret AS woken
FROM capture_rows WHERE kind = 'futex_wake';

-- Futex waits (FUTEX_WAIT, WAIT_BITSET, LOCK_PI, LOCK_PI2, WAIT_REQUEUE_PI), as BCC's futexctn times them:
-- futex_waker names who woke each.
-- @column ts BIGINT the syscall's exit: when the wait ended
-- @column start_ts BIGINT its entry (ts - dur_ns)
-- @column dur_ns BIGINT time in futex(2), ns
-- @column cpu INTEGER CPU it returned on
-- @column pid INTEGER waiting process
-- @column tid INTEGER waiting thread
-- @column comm VARCHAR its comm
-- @column uaddr BIGINT the futex word's address
-- @column futex_op VARCHAR WAIT, WAIT_BITSET, LOCK_PI, LOCK_PI2, WAIT_REQUEUE_PI
-- @column op BIGINT the op as passed: + 128 FUTEX_PRIVATE_FLAG, + 256 FUTEX_CLOCK_REALTIME
-- @column ret BIGINT 0 woken (LOCK_PI: acquired), -11 EAGAIN (the word had changed: no wait at all), -110 ETIMEDOUT, -4 EINTR
-- @column stack_id BIGINT the caller's user stack (frame pointers), see stack_frame
CREATE OR REPLACE VIEW futex_wait AS
SELECT ts, ts - dur_ns AS start_ts, dur_ns, cpu, pid, tid, comm, uaddr, futex_op, flags AS op, ret, stack_id
FROM capture_rows WHERE kind = 'futex_wait';

-- The waker of each futex wait that was woken (ret 0): the last wake on the same word of the same process
-- that began while the wait was in progress. A private futex's word is known only within its process; one
-- shared between processes has a different address in each, and its waits have no row here.
-- @column tid INTEGER waiting thread (futex_wait's tid)
-- @column ts BIGINT end of its wait (futex_wait's ts)
-- @column waker_pid INTEGER process that woke it
-- @column waker_tid INTEGER thread that woke it
-- @column waker_comm VARCHAR that thread's comm
-- @column wake_ts BIGINT when that wake began (futex_wake's start_ts)
CREATE OR REPLACE VIEW futex_waker AS
SELECT w.tid, w.ts, k.pid AS waker_pid, k.tid AS waker_tid, k.comm AS waker_comm, k.start_ts AS wake_ts
FROM futex_wait w ASOF JOIN futex_wake k ON w.pid = k.pid AND w.uaddr = k.uaddr AND w.ts >= k.start_ts
WHERE w.ret = 0 AND k.start_ts >= w.start_ts;
