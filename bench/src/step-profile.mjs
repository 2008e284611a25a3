/**
 * `pnpm --filter bench profile-step [-- --rounds 9] [--model cnn]`: where the time of one
 * training step goes, on one thread and on two: the MLP (784-256-128-10, Adam, batch
 * 128) or, with `--model cnn`, the CNN of the benchmark (batch 64), through @keras/layers.
 * The backends run in interleaved rounds (the host's
 * other work moves absolute times); per round, every kernel call is timed on the
 * calling thread, and what is left of the step is JavaScript. The two-thread
 * backend timed per kernel runs every kernel as it is called (asyncDispatch
 * false: queued calls would time only their queueing); a third, with the
 * default asynchronous dispatch, times whole steps. A last pass replaces
 * every kernel with a no-op to time the JavaScript of a step alone (the upload of
 * the batch included). Each round is tagged with the VM's vCPU placement (the
 * thread round trip before and after it, roundtrip.mjs; rounds where it changed
 * are left out), and medians are printed per placement: the far one shows which
 * kernels lose most when data crosses between the cores (BENCHMARKS.md). Many
 * rounds (--rounds 200, about 5 minutes) usually catch both placements.
 */
import * as core from '@keras/core';
import { cnnSpec, mlpSpec } from './cases/models.mjs';
import { createKeras, kerasModel } from './peers/keras.mjs';
import { FAR_NS, RoundTripMeter, isFar } from './roundtrip.mjs';
import { median, oneHot, randomArray } from './util.mjs';

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1] || 9);
const cnn = args.includes('--model') && args[args.indexOf('--model') + 1] === 'cnn';
const ROUND_MS = cnn ? 1000 : 300;
const BATCH = cnn ? 64 : 128;

/** A short label for one kernel call: the kernel, and its op and sizes where they tell calls apart. */
function label(name, a) {
  if (name === 'matmul') return `matmul ${a.m}x${a.n}x${a.k}${a.transA ? ' A^T' : ''}${a.transB ? ' B^T' : ''}`;
  if (name === 'adamUpdate' || name === 'activationGrad') return `${name} ${a.size}`;
  if (name === 'binary') return `binary ${a.op} [${a.outShape}]`;
  if (name === 'unary') return `unary ${a.op} ${a.size}`;
  if (name === 'reduce') return `reduce ${a.op} [${a.outer},${a.reduceSize},${a.inner}]`;
  if (name.startsWith('conv2d') || name.startsWith('maxPool')) return `${name} ${a.inH}x${a.inW}x${a.inC} -> ${a.outC}`;
  return name;
}

/** Wraps every kernel of `backend` so that, while `on.value`, each call's time adds to `totals`. */
function instrument(backend, totals, on) {
  for (const [name, fn] of Object.entries(backend.kernels)) {
    backend.kernels[name] = function timed(a) {
      if (!on.value) return fn.call(this, a);
      const t0 = performance.now();
      const r = fn.call(this, a);
      const key = label(name, a);
      totals.set(key, (totals.get(key) ?? 0) + performance.now() - t0);
      return r;
    };
  }
}

const spec = cnn ? cnnSpec() : mlpSpec();
const x = randomArray(BATCH * 784, 1, 31);
const y = oneHot(BATCH, spec.classes, 32);
const runners = [];
for (const [threads, asyncDispatch] of [[1, false], [2, false], [2, true]]) {
  const peer = await createKeras({ variant: 'auto', threads, api: 'layers', asyncDispatch });
  peer.activate();
  const model = kerasModel(peer, spec);
  const on = { value: false };
  const totals = new Map();
  instrument(peer.backend, totals, on);
  runners.push({ peer, model, on, totals, perRound: [], steps: [], timed: !asyncDispatch });
}

/** Runs steps of `r` for about `ms`; returns the mean step time in µs and the number of steps. */
async function timeSteps(r, ms) {
  r.peer.activate();
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    await r.model.train(x, y, BATCH);
    n++;
  }
  return { us: ((performance.now() - t0) / n) * 1000, n };
}

// Warm-up: the two-thread step takes about 3 s of a fresh process to settle (bench/src/harness.mjs).
for (const r of runners) await timeSteps(r, 3000);
const tripMeter = new RoundTripMeter();
const placements = [];
for (let round = 0; round < rounds; round++) {
  const before = tripMeter.measure();
  for (const r of runners) {
    r.steps.push((await timeSteps(r, ROUND_MS)).us);
    if (!r.timed) continue;
    r.totals.clear();
    r.on.value = true;
    const { us: instrumented, n } = await timeSteps(r, ROUND_MS);
    r.on.value = false;
    r.perRound.push({ instrumented, kernels: new Map([...r.totals].map(([k, ms]) => [k, (ms / n) * 1000])) });
  }
  const after = tripMeter.measure();
  placements.push(isFar(before) && isFar(after) ? 'far' : !isFar(before) && !isFar(after) ? 'near' : 'changed');
}
await tripMeter.close();

// The JavaScript alone: every kernel a no-op (values are garbage, control flow is not).
runners[0].peer.activate();
for (const name of Object.keys(runners[0].peer.backend.kernels)) runners[0].peer.backend.kernels[name] = () => {};
await timeSteps(runners[0], 100);
const jsRounds = [];
for (let i = 0; i < 5; i++) jsRounds.push((await timeSteps(runners[0], ROUND_MS)).us);
const jsOnly = median(jsRounds);

const [one, two, queued] = runners;
const fmt = (us) => `${us.toFixed(1)} µs`.padStart(10);
const keys = [...new Set([one, two].flatMap((r) => r.perRound.flatMap((p) => [...p.kernels.keys()])))];
for (const placement of ['near', 'far']) {
  const picked = placements.flatMap((p, i) => (p === placement ? [i] : []));
  if (!picked.length) continue;
  const at = (list) => picked.map((i) => list[i]);
  const med = (r, key) => median(at(r.perRound).map((p) => p.kernels.get(key) ?? 0));
  const rows = keys.map((k) => [k, med(one, k), med(two, k)]).sort((a, b) => b[1] - a[1]);
  console.log(`${spec.name.toUpperCase()} training step (batch ${BATCH}), ${one.peer.describe()} vs ${two.peer.describe()}: medians of ${picked.length} of ${rounds} interleaved rounds with the vCPUs ${placement === 'far' ? 'far apart' : 'close'} (thread round trip ${placement === 'far' ? 'above' : 'at most'} ${FAR_NS} ns)`);
  console.log(`${'kernel'.padEnd(34)} ${'1 thread'.padStart(10)} ${'2 threads'.padStart(10)}  speedup`);
  for (const [k, a, b] of rows) console.log(`${k.padEnd(34)} ${fmt(a)} ${fmt(b)}  ${b > 0 ? (a / b).toFixed(2) : '-'}x`);
  const sum = (c) => rows.reduce((s, row) => s + row[c], 0);
  const inst = (r) => median(at(r.perRound).map((p) => p.instrumented));
  console.log(`${'all kernels'.padEnd(34)} ${fmt(sum(1))} ${fmt(sum(2))}  ${(sum(1) / sum(2)).toFixed(2)}x`);
  console.log(`${'rest of the step (JS and timers)'.padEnd(34)} ${fmt(inst(one) - sum(1))} ${fmt(inst(two) - sum(2))}`);
  const s1 = median(at(one.steps));
  const s2 = median(at(two.steps));
  console.log(`${'step, not instrumented'.padEnd(34)} ${fmt(s1)} ${fmt(s2)}  ${(s1 / s2).toFixed(2)}x`);
  const s3 = median(at(queued.steps));
  console.log(`${'step, asynchronous dispatch'.padEnd(34)} ${''.padStart(10)} ${fmt(s3)}  ${(s1 / s3).toFixed(2)}x`);
  console.log('');
}
const changed = placements.filter((p) => p === 'changed').length;
if (changed) console.log(`(${changed} round(s) left out: the placement changed during them)`);
console.log(`${'step with no-op kernels (1 thread)'.padEnd(34)} ${fmt(jsOnly)}`);
process.exit(0);
