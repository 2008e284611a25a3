/**
 * A quiet gap before each timed repetition: the threads a runner leaves behind can go on
 * using a core after its calls return. onnxruntime-node's intra-op threads spin for about
 * 30 ms after a two-thread run (process.cpuUsage in 10 ms slices after 150 ms of its sgemm
 * 256: 12, 12, 10, then 0.1 ms of CPU per slice), and the runner timed next on two
 * threads lost a core for that long: on the AMD EPYC host (session 21) the two-thread
 * sgemm 256 ran at 1.42-1.48x one thread in the rounds where it followed onnxruntime-node,
 * 1.72-1.81x in the others.
 */
import { sleep } from './util.mjs';

/** Length of one sampled slice (ms). */
const SLICE_MS = 5;
/** CPU time of this process's threads in a slice below which it counts as quiet (ms; a sleeping main thread uses about 0.1). */
const QUIET_CPU_MS = 0.5;
/** Longest wait (ms): a runner whose threads never go quiet only costs this. */
export const MAX_WAIT_MS = 300;

/** Totals of the waits so far: { waits, totalMs, maxMs, capped } (capped: waits that hit {@link MAX_WAIT_MS}). */
export const settleStats = { waits: 0, totalMs: 0, maxMs: 0, capped: 0 };

/**
 * Waits until every thread of this process (the peers' worker threads and the native
 * threads they start included) has been idle for one slice, or {@link MAX_WAIT_MS} have passed.
 */
export async function settle() {
  const t0 = performance.now();
  let quiet = false;
  while (!quiet && performance.now() - t0 < MAX_WAIT_MS) {
    const before = process.cpuUsage();
    await sleep(SLICE_MS);
    const used = process.cpuUsage(before);
    quiet = (used.user + used.system) / 1000 < QUIET_CPU_MS;
  }
  const waited = performance.now() - t0;
  settleStats.waits++;
  settleStats.totalMs += waited;
  settleStats.maxMs = Math.max(settleStats.maxMs, waited);
  if (!quiet) settleStats.capped++;
}
