-- irq: hard and soft IRQ handler runs, one row per run (entry and exit paired in the kernel), with the task
-- each ran over: the time an interrupt took from whatever that CPU was running.

-- Hard IRQ handlers (irq:irq_handler_entry/exit), as BCC's hardirqs times them.
-- @column ts BIGINT handler exit
-- @column start_ts BIGINT handler entry (ts - dur_ns)
-- @column cpu INTEGER CPU it ran on
-- @column pid INTEGER process it interrupted: 0 when the CPU was idle
-- @column tid INTEGER thread it interrupted
-- @column comm VARCHAR that thread's comm (swapper/N when idle)
-- @column irq INTEGER interrupt number, as /proc/interrupts numbers it
-- @column name VARCHAR handler name, as /proc/interrupts shows it (e.g. virtio1-req.0)
-- @column dur_ns BIGINT time in the handler, ns
-- @column ret INTEGER irqreturn_t: 0 IRQ_NONE (not its device's), 1 IRQ_HANDLED, 2 IRQ_WAKE_THREAD
CREATE OR REPLACE VIEW hardirq AS
SELECT ts, ts - dur_ns AS start_ts, cpu, pid, tid, comm, irq, irq_name AS name, dur_ns, CAST(ret AS INTEGER) AS ret
FROM capture_rows WHERE kind = 'hardirq';

-- Softirq handlers (irq:softirq_entry/exit), one row per vector run, as BCC's softirqs times them.
-- @column ts BIGINT handler exit
-- @column start_ts BIGINT handler entry (ts - dur_ns)
-- @column cpu INTEGER CPU it ran on
-- @column pid INTEGER process it ran over (ksoftirqd's when deferred to it; 0 when the CPU was idle)
-- @column tid INTEGER thread it ran over
-- @column comm VARCHAR that thread's comm
-- @column vec INTEGER vector: 0 HI, 1 TIMER, 2 NET_TX, 3 NET_RX, 4 BLOCK, 5 IRQ_POLL, 6 TASKLET, 7 SCHED, 8 HRTIMER, 9 RCU
-- @column name VARCHAR vector name, as /proc/softirqs shows it (NET_RX)
-- @column dur_ns BIGINT time in the handler, ns
CREATE OR REPLACE VIEW softirq AS
SELECT ts, ts - dur_ns AS start_ts, cpu, pid, tid, comm, irq AS vec, irq_name AS name, dur_ns
FROM capture_rows WHERE kind = 'softirq';
