import * as core from '@keras/core';
import { createNodeWasmBackend } from '@keras/kernels-wasm/node';
import { mlpSpec } from './cases/models.mjs';
import { kerasModel } from './peers/keras.mjs';
import { oneHot, randomArray } from './util.mjs';
import { RoundTripMeter } from './roundtrip.mjs';
const seconds = Number(process.argv[2] ?? 30);
const spec = mlpSpec();
const x = randomArray(128 * 784, 1, 31);
const y = oneHot(128, spec.classes, 32);
const runners = [];
for (const [name, opts] of [['1t', { threads: 1 }], ['2t', { threads: 2 }]]) {
  const backend = await createNodeWasmBackend('auto', opts);
  const peer = { core, backend, layers: await import('@keras/layers'), activate: () => core.useBackend(backend) };
  peer.activate();
  runners.push({ name, peer, model: kerasModel(peer, spec), near: [], far: [] });
}
const rt = new RoundTripMeter();
async function run(r, steps, keep) {
  r.peer.activate();
  for (let i = 0; i < steps; i++) { const t0 = performance.now(); await r.model.train(x, y, 128); if (keep) keep.push((performance.now() - t0) * 1000); }
}
for (const r of runners) await run(r, 1500, null);
const end = performance.now() + seconds * 1000;
while (performance.now() < end) { const st = rt.measure() > 250 ? 'far' : 'near'; for (const r of runners) await run(r, 8, r[st]); }
const pct = (a, p) => [...a].sort((u, v) => u - v)[Math.floor(p * (a.length - 1))];
const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
const out = [process.argv[3]];
for (const st of ['near', 'far']) {
  const [a, b] = runners;
  if (a[st].length < 40) continue;
  out.push(`${st} n=${a[st].length} 1t p50 ${pct(a[st], .5).toFixed(0)} mean ${mean(a[st]).toFixed(0)} | 2t p10 ${pct(b[st], .1).toFixed(0)} p50 ${pct(b[st], .5).toFixed(0)} mean ${mean(b[st]).toFixed(0)} | ratio p50 ${(pct(a[st], .5) / pct(b[st], .5)).toFixed(3)} mean ${(mean(a[st]) / mean(b[st])).toFixed(3)}`);
}
console.log(out.join('\n  '));
await rt.close(); process.exit(0);
