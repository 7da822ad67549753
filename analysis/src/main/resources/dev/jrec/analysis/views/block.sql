-- block: block device requests.

-- Requests sent to the device driver (block_rq_issue).
-- @column ts BIGINT issue time
-- @column pid INTEGER process that issued it (may be a kernel worker)
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
-- @column pid INTEGER process that issued the request, as seen at issue
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
