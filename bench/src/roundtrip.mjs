/**
 * Where the host put this VM's two vCPUs, seen from inside: the round trip of one
 * word between two threads spinning on it. On the AMD EPYC hosts it is about 110 ns
 * while the vCPUs sit close and 330-430 ns while they sit far apart (another CCD),
 * and two-thread figures fall towards one thread's in the far state (BENCHMARKS.md,
 * "Two-thread MLP training"). The bench checks it between rounds of repetitions,
 * so each case reports the placement it ran under. Intel Xeon hosts have no CCDs:
 * their round trips (about 190-560 ns on one, spread evenly, not in two levels) are
 * reported without the close / far reading ({@link placementApplies}).
 */
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Round trips per batch (three batches a check); a check takes about 0.5-2 ms. */
export const TRIPS = 2000;
/** Round trips above this many ns count as the far placement (where it applies). */
export const FAR_NS = 250;

/** Whether the close / far placement applies to CPU `model`: AMD's, whose cores sit in CCDs. */
export function placementApplies(model = cpus()[0]?.model ?? '') {
  return /\bAMD\b/i.test(model);
}

/** Whether a round trip of `ns` means the vCPUs sit far apart (never where the placement does not apply). */
export function isFar(ns, model) {
  return placementApplies(model) && ns > FAR_NS;
}

// Slot 0: the ping-pong word (0: no check running; odd: the worker's turn; even: ours;
// -1: stop); slot 1: counts check requests, which wake the worker.
const WORKER_SRC = `
const { workerData } = require('node:worker_threads');
const a = new Int32Array(workerData);
for (let seen = 0; ; ) {
  Atomics.wait(a, 1, seen);
  seen = Atomics.load(a, 1);
  for (;;) {
    const v = Atomics.load(a, 0);
    if (v < 0) process.exit(0);
    if (v === 0) break;
    if (v & 1) Atomics.store(a, 0, v + 1);
  }
}
`;

/** A ping-pong between this thread and one worker, which sleeps between checks. */
export class RoundTripMeter {
  constructor() {
    this.shared = new Int32Array(new SharedArrayBuffer(8));
    this.worker = new Worker(WORKER_SRC, { eval: true, workerData: this.shared.buffer });
  }

  /** One check: the best of three batches of round trips, in ns. */
  measure() {
    const a = this.shared;
    Atomics.store(a, 0, 2);
    Atomics.add(a, 1, 1);
    Atomics.notify(a, 1);
    let best = Infinity;
    let v = 3;
    for (let batch = 0; batch < 3; batch++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < TRIPS; i++) {
        Atomics.store(a, 0, v);
        for (let spins = 0; Atomics.load(a, 0) !== v + 1; spins++) {
          if (spins > 1e8) throw new Error('round-trip check: the worker thread stopped answering');
        }
        v += 2;
      }
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / TRIPS);
    }
    Atomics.store(a, 0, 0); // back to sleep
    return best;
  }

  /** Stops the worker. */
  async close() {
    Atomics.store(this.shared, 0, -1);
    Atomics.add(this.shared, 1, 1);
    Atomics.notify(this.shared, 1);
    await this.worker.terminate();
  }
}

/**
 * "110-340 ns, far in 2 of 6 checks" for a case's checks (ns) on CPU `model` (the
 * range alone where the placement does not apply), or null without any.
 */
export function describePlacement(samples, model) {
  if (!samples?.length) return null;
  const range = `${Math.min(...samples).toFixed(0)}-${Math.max(...samples).toFixed(0)} ns`;
  if (!placementApplies(model)) return range;
  const far = samples.filter((ns) => isFar(ns, model)).length;
  return `${range}, far (above ${FAR_NS} ns) in ${far} of ${samples.length} checks`;
}
