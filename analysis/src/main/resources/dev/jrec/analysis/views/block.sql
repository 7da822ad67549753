-- block: block device requests.

-- Requests sent to the device driver (block_rq_issue).
-- @column ts BIGINT issue time
-- @column pid INTEGER process that submitted it (taken where an I/O scheduler queued it; else the one issuing it, which may be a kernel worker)
-- @column tid INTEGER its thread
-- @column comm VARCHAR its comm
-- @column dev INTEGER dev_t, major << 20 | minor
-- @column disk VARCHAR device name, e.g. vda
-- @column sector BIGINT first 512-byte sector
-- @column bytes BIGINT request size
-- @column rwbs VARCHAR operation: R read, W write, S sync, F flush, D discard, M metadata, A readahead
CREATE OR REPLACE VIEW block_rq_issue AS
SELECT ts, pid, tid, comm, dev, disk, sector, bytes, rwbs
FROM capture_rows WHERE kind = 'block_rq_issue';

-- Completed requests with their issue→complete latency (biolatency, biosnoop).
-- @column ts BIGINT completion time
-- @column pid INTEGER process that submitted the request, as on its issue row
-- @column tid INTEGER its thread
-- @column comm VARCHAR its comm
-- @column dev INTEGER dev_t
-- @column disk VARCHAR device name
-- @column sector BIGINT first sector
-- @column bytes BIGINT request size
-- @column rwbs VARCHAR operation flags
-- @column latency_ns BIGINT issue to completion, ns
CREATE OR REPLACE VIEW block_rq_complete AS
SELECT ts, pid, tid, comm, dev, disk, sector, bytes, rwbs, dur_ns AS latency_ns
FROM capture_rows WHERE kind = 'block_rq_complete';

-- The parts of an rwbs string (blk_fill_rwbs): a leading F for a preflush, the operation (R read, W write,
-- F flush, D discard, DE secure erase, N any other), then F for FUA, A readahead, S sync, M metadata. Every
-- field is '' when absent, and all are '' when the string is not an rwbs.
-- @arg rwbs VARCHAR operation flags as the block tracepoints print them
-- @returns STRUCT(preflush VARCHAR, op VARCHAR, fua VARCHAR, readahead VARCHAR, sync VARCHAR, meta VARCHAR)
CREATE OR REPLACE MACRO rwbs_parts(rwbs) AS
regexp_extract(rwbs, '^(F?)(DE|[WDFRN])(F?)(A?)(S?)(M?)$', ['preflush', 'op', 'fua', 'readahead', 'sync', 'meta']);

-- A request's operation and flags as BCC's biolatency -F names them: its flags, then its operation, e.g.
-- Write, Sync-Write, ReadAhead-Read, PreFlush-Flush, FUA-Sync-Write, Metadata-Sync-Read (libbpf-tools'
-- order and names; an operation rwbs cannot name is Unknown). rwbs keeps only these flags, so NoWait,
-- Background, Idle, NoMerge, Priority and Integrity, which BCC can also show, never appear. A string that is
-- not an rwbs is returned as it is; null stays null.
-- @arg rwbs VARCHAR operation flags as the block tracepoints print them
-- @returns VARCHAR the BCC name
CREATE OR REPLACE MACRO bio_flags(rwbs) AS
CASE WHEN coalesce(rwbs_parts(rwbs).op, '') = '' THEN rwbs
     ELSE concat(CASE WHEN rwbs_parts(rwbs).readahead <> '' THEN 'ReadAhead-' END,
                 CASE WHEN rwbs_parts(rwbs).preflush <> '' THEN 'PreFlush-' END,
                 CASE WHEN rwbs_parts(rwbs).fua <> '' THEN 'FUA-' END,
                 CASE WHEN rwbs_parts(rwbs).meta <> '' THEN 'Metadata-' END,
                 CASE WHEN rwbs_parts(rwbs).sync <> '' THEN 'Sync-' END,
                 CASE rwbs_parts(rwbs).op WHEN 'R' THEN 'Read' WHEN 'W' THEN 'Write' WHEN 'F' THEN 'Flush'
                                          WHEN 'D' THEN 'Discard' WHEN 'DE' THEN 'SecureErase' ELSE 'Unknown' END)
END;
