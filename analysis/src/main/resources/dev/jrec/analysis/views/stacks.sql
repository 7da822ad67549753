-- stacks: on-CPU samples, off-CPU intervals and their symbolized stacks.

-- Timer samples of what ran on each CPU.
-- @column ts BIGINT sample time
-- @column cpu INTEGER sampled CPU
-- @column pid INTEGER process on CPU
-- @column tid INTEGER thread on CPU
-- @column comm VARCHAR its comm
-- @column stack_id BIGINT its stack, see stack_frame
CREATE OR REPLACE VIEW cpu_sample AS
SELECT ts, cpu, pid, tid, comm, stack_id
FROM capture_rows WHERE kind = 'cpu_sample';

-- Intervals a thread spent blocked, longer than the recording's --offcpu-min.
-- @column ts BIGINT when it ran again
-- @column start_ts BIGINT when it blocked
-- @column dur_ns BIGINT time off CPU
-- @column pid INTEGER process
-- @column tid INTEGER thread
-- @column comm VARCHAR its comm
-- @column state BIGINT task state it blocked in (1 S, 2 D, ...)
-- @column stack_id BIGINT its stack when it blocked
-- @column waker_tid INTEGER thread that woke it
-- @column waker_stack_id BIGINT the waker's stack at the wakeup
CREATE OR REPLACE VIEW offcpu AS
SELECT ts, ts - dur_ns AS start_ts, dur_ns, pid, tid, comm, prev_state AS state, stack_id, waker_tid, waker_stack_id
FROM capture_rows WHERE kind = 'offcpu';

-- Symbolized frames.
-- @column frame_id BIGINT frame identity
-- @column func VARCHAR function, demangled; null when unresolved
-- @column module VARCHAR binary or kernel module
-- @column func_offset BIGINT offset within func
-- @column build_id VARCHAR module's GNU build-id, hex
-- @column file_offset BIGINT offset in the module's file
-- @column addr BIGINT address as recorded
CREATE OR REPLACE VIEW frame AS
SELECT frame_id, func, module, func_offset, build_id, file_offset, addr
FROM capture_rows WHERE kind = 'frame';

-- Stacks as one row per frame, leaf first (depth 0).
-- @column stack_id BIGINT stack identity
-- @column depth BIGINT 0 for the leaf, growing toward the root
-- @column frame_id BIGINT frame at that depth
-- @column unwind VARCHAR how the stack was unwound: fp, dwarf, kernel, truncated
CREATE OR REPLACE VIEW stack_frame AS
SELECT stack_id, generate_subscripts(frame_ids, 1) - 1 AS depth, unnest(frame_ids) AS frame_id, unwind
FROM capture_rows WHERE kind = 'stack';
