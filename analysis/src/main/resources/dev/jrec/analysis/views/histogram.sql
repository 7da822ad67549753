-- histogram: the log2 histograms with quantiles that runqlat, cpudist, syslat and biolatency print, the way
-- BCC's tools print them. Macros, not views: each histogram query selects its durations, this shapes them.
-- @include process

-- The log2 bucket of a duration, BCC style: the duration is truncated to whole units first; bucket 0 holds 0
-- and 1 unit, bucket i >= 1 holds 2^i to 2^(i+1)-1 units.
-- @arg value_ns BIGINT the duration, ns
-- @arg unit_ns BIGINT ns per unit: 1000 for usecs
-- @returns INTEGER the bucket
CREATE OR REPLACE MACRO log2_bucket(value_ns, unit_ns) AS
CASE WHEN value_ns // unit_ns < 2 THEN 0 ELSE floor(log2(value_ns // unit_ns))::INTEGER END;

-- Log2 histograms of durations, one per group, with each group's exact quantiles (interpolated, of the
-- undivided values) and largest value: one row per group and non-empty bucket, groups in key order (numeric
-- keys as numbers), buckets ascending. The durations are the rows of the relation named by vals, usually a
-- CTE of the calling query: group_key VARCHAR, group_name VARCHAR (for a pid group the name to use when the
-- process view does not know the pid, else the group's label, or null), ts BIGINT (the newest group_name
-- wins), value_ns BIGINT.
-- @arg vals VARCHAR name of the relation that holds the durations, e.g. 'v'
-- @arg group_by VARCHAR 'pid' when groups are processes; then group_name is the process view's name
-- @arg unit_ns BIGINT ns per unit: 1000 for usecs
-- @column group_key VARCHAR the group: a pid, CPU, disk or flags; empty when not grouped
-- @column group_name VARCHAR for a pid, the process's name (view process), else its last comm; for flags, their BCC name; else empty
-- @column bucket INTEGER log2 bucket of the value in units: 0 holds 0 and 1, i holds 2^i to 2^(i+1)-1
-- @column count BIGINT values in the bucket
-- @column total BIGINT values in the group
-- @column p50_ns DOUBLE median of the group, ns (interpolated)
-- @column p99_ns DOUBLE 99th percentile, ns
-- @column p999_ns DOUBLE 99.9th percentile, ns
-- @column max_ns BIGINT largest value, ns
CREATE OR REPLACE MACRO log2_histogram(vals, group_by, unit_ns) AS TABLE
WITH stats AS (
    -- one pass over the durations: the buckets as a map (bucket -> count) next to the quantiles
    SELECT group_key, arg_max(group_name, ts) AS group_name, histogram(log2_bucket(value_ns, unit_ns)) AS buckets,
           count(*) AS total, quantile_cont(value_ns, [0.5, 0.99, 0.999]) AS q, max(value_ns) AS max_ns
    FROM query_table(vals) GROUP BY group_key
), b AS (
    SELECT group_key, unnest(map_entries(buckets)) AS e FROM stats
)
SELECT s.group_key,
       CASE WHEN group_by = 'pid' THEN coalesce(pr.name, s.group_name) ELSE coalesce(s.group_name, '') END AS group_name,
       b.e.key AS bucket, b.e.value::BIGINT AS count, s.total, s.q[1] AS p50_ns, s.q[2] AS p99_ns, s.q[3] AS p999_ns, s.max_ns
FROM b JOIN stats s USING (group_key)
LEFT JOIN process pr ON group_by = 'pid' AND pr.pid = TRY_CAST(s.group_key AS INTEGER)
ORDER BY TRY_CAST(s.group_key AS BIGINT) NULLS LAST, s.group_key, bucket;
