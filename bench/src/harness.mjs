/**
 * Timing: each runner prepares a case, warms up (the first call compiles, then calls
 * until the time per call stops improving let the engine tier hot code up), is
 * calibrated to `repMs` per repetition, then all runners are timed interleaved
 * (A B C, B C A, ...; this project's runners back to back, see {@link roundUnits}) for
 * `reps` repetitions, each after a quiet gap (settle.mjs: the threads of the runner before
 * it idle); the median time per call is reported, with every repetition's time.
 */
import { Worker } from 'node:worker_threads';
import { familyModule } from './peers/index.mjs';
import { settle } from './settle.mjs';
import { median } from './util.mjs';

/** Times `iters` calls of `impl.run` on `peer` (awaiting only calls that return a promise); returns ms. */
export async function timeCalls(peer, impl, iters) {
  peer.activate();
  const t0 = performance.now();
  for (let i = 0; i < iters; i++) {
    const r = impl.run();
    if (r && typeof r.then === 'function') await r;
  }
  return performance.now() - t0;
}

/**
 * Warm-up before calibration: wasm engines tier hot functions up from a baseline
 * compiler while they run, and JavaScript is optimised on background threads. The
 * two-thread MLP training step took about 3 s here to settle (3.0 -> 1.9 ms per step,
 * the same with wasm tiering off; likely V8's compiler threads, which get little time
 * while the step keeps both cores busy), so runners on several threads warm up for at
 * least {@link WARM_UP_MIN_MS_THREADED}: with the stopping rule alone, the two-thread
 * runner stopped after about 0.6 s and its timed repetitions still sped up (1.96 ->
 * 1.71 ms). Training cases warm up longer still ({@link WARM_UP_MIN_MS_TRAINING}).
 * Calls run in batches of about {@link WARM_UP_BATCH_MS} for at least the minimum,
 * then until two batches in a row are no more than 2% faster than the best so far,
 * or {@link WARM_UP_MAX_MS} (at least a second past the minimum) have passed.
 */
const WARM_UP_MIN_MS = 500;
/** {@link WARM_UP_MIN_MS} for runners on several threads, whose steps settle over about 3 s. */
const WARM_UP_MIN_MS_THREADED = 3000;
/**
 * {@link WARM_UP_MIN_MS} for training cases, on every runner: a training step runs the
 * JavaScript of dozens of ops once each, and Node 20's V8 (no Maglev tier) goes on
 * optimizing those functions for thousands of steps (`--trace-opt`, MLP step on two
 * threads: 22 first optimizations in the 2,000 steps after 2,000 of warm-up, 5 in the
 * 8,000 after 4,000). Each compile runs on a V8 thread that takes a vCPU from a
 * two-thread step, stalling both of its threads. `--case mlp-train` with the vCPUs
 * close, two threads against one (session 9, alternated runs): 1.63-1.98x, mean 1.79x,
 * after 3 s of warm-up; 1.76-1.90x, mean 1.85x, after 12 s.
 */
const WARM_UP_MIN_MS_TRAINING = 12000;
const WARM_UP_MAX_MS = 4000;
const WARM_UP_BATCH_MS = 100;

/** Warms a prepared case up for at least `minMs` (see {@link WARM_UP_MIN_MS}); returns the time of one call in the last batch. */
async function warmUp(handle, caseId, one, minMs) {
  let spent = 0;
  let last = one;
  let best = Infinity;
  let flat = 0;
  const maxMs = Math.max(WARM_UP_MAX_MS, minMs + 1000);
  while (spent < maxMs && (spent < minMs || flat < 2)) {
    const iters = Math.max(1, Math.min(1000, Math.round(WARM_UP_BATCH_MS / Math.max(last, 1e-3))));
    const ms = await handle.time(caseId, iters);
    spent += ms;
    last = ms / iters;
    flat = last < best * 0.98 ? 0 : flat + 1;
    best = Math.min(best, last);
  }
  return last;
}

/** The warm-up minimum of `runner` on case `c`. */
function warmUpMinMs(runner, c) {
  if (c.training) return WARM_UP_MIN_MS_TRAINING;
  return runner.threads > 1 ? WARM_UP_MIN_MS_THREADED : WARM_UP_MIN_MS;
}

/** The first line of an error's message, shortened. */
export function errorLine(e) {
  return String(e?.message ?? e).split('\n')[0].slice(0, 160);
}

/**
 * A runner living in this thread: `{ describe, prepare(case), time(caseId, iters), release(caseId), close() }`;
 * several cases can be prepared at once (interleaved groups).
 */
export async function localRunner(runner, opts) {
  const peer = await runner.create(opts);
  const fam = await familyModule(runner.family);
  const impls = new Map();
  return {
    describe: peer.describe(),
    variant: peer.variant,
    async prepare(c) {
      peer.activate();
      const impl = await c.make(fam, peer);
      impls.set(c.id, peer.wrapImpl ? peer.wrapImpl(impl) : impl);
    },
    time: (caseId, iters) => timeCalls(peer, impls.get(caseId), iters),
    async release(caseId) {
      await impls.get(caseId)?.dispose?.();
      impls.delete(caseId);
    },
    close: async () => {},
  };
}

/** A runner in a worker thread of its own (see remote.mjs); the worker times the calls itself. */
export async function remoteRunner(runner, opts) {
  const worker = new Worker(new URL('./remote.mjs', import.meta.url), { workerData: { runner: runner.name, opts } });
  const call = (msg) => new Promise((resolve, reject) => {
    const onError = (e) => reject(e);
    worker.once('error', onError);
    worker.once('message', (m) => {
      worker.off('error', onError);
      if (m.error) reject(new Error(m.error));
      else resolve(m);
    });
    worker.postMessage(msg);
  });
  const { describe, variant } = await call({ op: 'init' });
  return {
    describe,
    variant,
    prepare: (c) => call({ op: 'prepare', caseId: c.id }),
    time: async (caseId, iters) => (await call({ op: 'time', caseId, iters })).ms,
    release: (caseId) => call({ op: 'release', caseId }),
    close: () => worker.terminate(),
  };
}

/** Runner families timed back to back in every round: this project's runners and the roof loop. */
const PAIRED_FAMILIES = new Set(['keras', 'roof']);

/**
 * The units a round times, in turn: this project's runners and the roof loop on every case
 * of the group as one unit, back to back, so the report can pair their times round by round
 * (two threads against one, a transposed product against the plain one, a product against
 * the roof: a slow phase of the shared machine, which lasts seconds, then slows both sides of
 * a pair alike); each peer a unit of its own. Units, and the members of a unit, take turns
 * going first.
 */
function roundUnits(active) {
  const paired = active.filter((a) => PAIRED_FAMILIES.has(a.family));
  const peers = active.filter((a) => !PAIRED_FAMILIES.has(a.family)).map((a) => [a]);
  return paired.length ? [paired, ...peers] : peers;
}

/**
 * Measures the cases `cases` together (each runner on each case, all timed interleaved)
 * on `runners` ([{ runner, handle }] with handle from localRunner / remoteRunner, or
 * `unavailable` with a reason). Returns { caseId: { runnerName: result } } where a result
 * is { status: 'ok' | 'approx' | 'skipped' | 'error' | 'unavailable', ms, samples, iters, note }.
 * `between(rep)` runs after each round of repetitions (the roof is measured there too).
 */
export async function measureCases(cases, runners, { reps = 9, repMs = 150, maxCallMs = 3000, between = () => {} } = {}) {
  const results = {};
  const active = [];
  for (const c of cases) {
    results[c.id] = {};
    for (const { runner, handle, unavailable } of runners) {
      if (!c.families.includes(runner.family) || (runner.groups && !runner.groups.includes(c.group))) continue;
      const res = (results[c.id][runner.name] = { status: 'ok', samples: [] });
      if (c.skip?.[runner.name]) Object.assign(res, { status: 'skipped', note: c.skip[runner.name] });
      else if (unavailable) Object.assign(res, { status: 'unavailable', note: unavailable });
      if (res.status !== 'ok') continue;
      try {
        await handle.prepare(c);
        await handle.time(c.id, 1); // compile / first-call costs
        let one = await handle.time(c.id, 1);
        if (one <= maxCallMs) one = await warmUp(handle, c.id, one, warmUpMinMs(runner, c));
        if (one > maxCallMs) {
          Object.assign(res, { status: 'approx', ms: one, samples: [one], iters: 1, note: `one call took ${(one / 1000).toFixed(1)} s: timed once` });
          await handle.release(c.id);
          continue;
        }
        res.iters = Math.max(1, Math.min(20000, Math.round(repMs / Math.max(one, 1e-3))));
        active.push({ caseId: c.id, handle, res, family: runner.family });
      } catch (e) {
        Object.assign(res, { status: 'error', note: errorLine(e) });
        await handle.release(c.id).catch(() => {});
      }
    }
  }
  const units = roundUnits(active);
  for (let rep = 0; rep < reps; rep++) {
    for (let j = 0; j < units.length; j++) {
      const unit = units[(rep + j) % units.length];
      for (let i = 0; i < unit.length; i++) {
        const a = unit[(rep + i) % unit.length];
        if (a.res.status !== 'ok') continue;
        try {
          await settle();
          a.res.samples.push((await a.handle.time(a.caseId, a.res.iters)) / a.res.iters);
        } catch (e) {
          Object.assign(a.res, { status: 'error', note: errorLine(e) });
        }
      }
    }
    await between(rep);
  }
  for (const a of active) {
    await a.handle.release(a.caseId).catch(() => {});
    if (a.res.status === 'ok') a.res.ms = median(a.res.samples);
  }
  globalThis.gc?.();
  return results;
}
