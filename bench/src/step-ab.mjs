/**
 * `pnpm --filter bench step-ab [-- seconds]`: the MLP training step (784-256-128-10,
 * Adam, batch 128, through @keras/layers) on one thread, on two threads with every
 * kernel run as it is called, and on two threads with asynchronous dispatch (the
 * default), interleaved four steps at a time for `seconds` (default 40) after a
 * warm-up. Every step is timed; prints the 10th, 25th and 50th percentiles and their
 * ratios to one thread. Low percentiles show the quiet stretches of a noisy host.
 */
import { mlpSpec } from './cases/models.mjs';
import { createKeras, kerasModel } from './peers/keras.mjs';
import { oneHot, randomArray } from './util.mjs';

const seconds = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 40);
const spec = mlpSpec();
const BATCH = 128;
const x = randomArray(BATCH * 784, 1, 31);
const y = oneHot(BATCH, spec.classes, 32);
const configs = [['one thread', 1, true], ['two, as called', 2, false], ['two, asynchronous', 2, true]];
const runners = [];
for (const [name, threads, asyncDispatch] of configs) {
  const peer = await createKeras({ threads, api: 'layers', asyncDispatch });
  peer.activate();
  runners.push({ name, peer, model: kerasModel(peer, spec), times: [] });
}

/** Runs `steps` steps of `r`, timing each when `keep`. */
async function run(r, steps, keep) {
  r.peer.activate();
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    await r.model.train(x, y, BATCH);
    if (keep) r.times.push((performance.now() - t0) * 1000);
  }
}

// Warm-up: the two-thread step takes about 3 s of a fresh process to settle (harness.mjs).
for (const r of runners) await run(r, 1000, false);
const end = performance.now() + seconds * 1000;
while (performance.now() < end) for (const r of runners) await run(r, 4, true);

const pct = (a, p) => [...a].sort((u, v) => u - v)[Math.floor(p * (a.length - 1))];
console.log(`MLP training step, batch ${BATCH}, ${runners[0].times.length} steps each, µs (${runners.map((r) => `${r.name}: ${r.peer.describe()}`).join('; ')})`);
for (const p of [0.1, 0.25, 0.5]) {
  const base = pct(runners[0].times, p);
  const cells = runners.map((r) => `${r.name} ${pct(r.times, p).toFixed(0)} (${(base / pct(r.times, p)).toFixed(2)}x)`);
  console.log(`p${p * 100}`.padEnd(5), cells.join('   '));
}
process.exit(0);
