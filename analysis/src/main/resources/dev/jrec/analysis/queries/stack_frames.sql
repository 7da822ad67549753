-- stack_frames: every stack's frames, leaf first, with what folded stacks and flame graphs name them by, and
-- whether each is kernel code. A frame is kernel code when its module is the kernel's ([kernel.kallsyms]), or a
-- module in brackets other than user space's pseudo modules ([ext4], [bpf]: kernel modules) at an address in the
-- upper half; files (/...), [anon], [jit], [unknown] and the like are user code. A stack or frame row written
-- more than once counts once; a frame the frame table lacks has no func and no module.
-- @column stack_id BIGINT stack identity
-- @column depth BIGINT 0 for the leaf, growing toward the root
-- @column frame_id BIGINT frame at that depth
-- @column func VARCHAR function, demangled; null when unresolved
-- @column module VARCHAR binary or kernel module; null when the frame is not in the frame table
-- @column file_offset BIGINT the address as an offset in module's file, when known
-- @column kernel BOOLEAN true for kernel code
WITH s AS (
    SELECT DISTINCT stack_id, depth, frame_id FROM stack_frame
), f AS (
    SELECT frame_id, func, module, file_offset, addr FROM frame
    QUALIFY row_number() OVER (PARTITION BY frame_id ORDER BY func NULLS LAST, module NULLS LAST) = 1
)
SELECT s.stack_id, s.depth, s.frame_id, f.func, f.module, f.file_offset,
       CASE WHEN f.module = '[kernel.kallsyms]' THEN true
            WHEN f.module LIKE '/%' OR f.module IN ('[anon]', '[jit]', '[unknown]', '[vdso]', '[vsyscall]', '[heap]', '[stack]') THEN false
            ELSE coalesce(f.addr < 0 AND f.addr >= -(1::BIGINT << 52), false) END AS kernel
FROM s LEFT JOIN f USING (frame_id)
ORDER BY s.stack_id, s.depth;
