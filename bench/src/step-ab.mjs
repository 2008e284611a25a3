/**
 * `pnpm --filter bench step-ab [-- seconds]`: the MLP training step (784-256-128-10,
 * Adam, batch 128, through @keras/layers) on one thread, on two threads with every
 * kernel run as it is called, and on two threads with asynchronous dispatch (the
 * default), interleaved four steps at a time for `seconds` (default 40) after a
 * warm-up. Every step is timed and tagged with the VM's vCPU placement (the thread
 * round trip checked before each interleaved round, roundtrip.mjs); prints, per
 * placement seen, the 10th, 25th and 50th percentiles, the mean, and their ratios to
 * one thread. Low percentiles show the quiet stretches of a noisy host; the mean is
 * what a bench repetition measures.
 */
import { mlpSpec } from './cases/models.mjs';
import { createKeras, kerasModel } from './peers/keras.mjs';
import { FAR_NS, RoundTripMeter, isFar } from './roundtrip.mjs';
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
  runners.push({ name, peer, model: kerasModel(peer, spec), times: { near: [], far: [] } });
}

/** Runs `steps` steps of `r`, timing each into `keep` when given. */
async function run(r, steps, keep) {
  r.peer.activate();
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    await r.model.train(x, y, BATCH);
    keep?.push((performance.now() - t0) * 1000);
  }
}

// Warm-up: the two-thread step takes about 3 s of a fresh process to settle (harness.mjs).
for (const r of runners) await run(r, 1000);
const tripMeter = new RoundTripMeter();
const end = performance.now() + seconds * 1000;
while (performance.now() < end) {
  const placement = isFar(tripMeter.measure()) ? 'far' : 'near';
  for (const r of runners) await run(r, 4, r.times[placement]);
}
await tripMeter.close();

const pct = (a, p) => [...a].sort((u, v) => u - v)[Math.floor(p * (a.length - 1))];
const mean = (a) => a.reduce((sum, v) => sum + v, 0) / a.length;
const stats = [['p10', (a) => pct(a, 0.1)], ['p25', (a) => pct(a, 0.25)], ['p50', (a) => pct(a, 0.5)], ['mean', mean]];
console.log(`MLP training step, batch ${BATCH}, µs (${runners.map((r) => `${r.name}: ${r.peer.describe()}`).join('; ')})`);
for (const placement of ['near', 'far']) {
  const steps = runners[0].times[placement].length;
  if (!steps) continue;
  console.log(`vCPUs ${placement === 'far' ? 'far apart' : 'close'} (thread round trip ${placement === 'far' ? 'above' : 'at most'} ${FAR_NS} ns): ${steps} steps each`);
  for (const [label, stat] of stats) {
    const base = stat(runners[0].times[placement]);
    const cells = runners.map((r) => `${r.name} ${stat(r.times[placement]).toFixed(0)} (${(base / stat(r.times[placement])).toFixed(2)}x)`);
    console.log(`  ${label.padEnd(5)} ${cells.join('   ')}`);
  }
}
process.exit(0);
