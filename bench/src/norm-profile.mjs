/**
 * `pnpm --filter bench profile-norm [-- --rounds 7]`: layer and batch normalization
 * through @keras/core's ops, forward alone and forward with the gradients of x, gamma
 * and beta; batch norm also with given statistics (inference; its gradients take the
 * element-wise ops on every runner). The fused kernels run against the same ops built from moments and
 * element-wise ops (what a backend without the kernels runs), on one and two
 * threads, and against TensorFlow.js' wasm backend (tf.moments + tf.batchNorm, with
 * tf.grads). Interleaved rounds in one process; prints medians and ratios.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createKeras } from './peers/keras.mjs';
import { createTfjs } from './peers/tfjs.mjs';
import { median, randomArray } from './util.mjs';

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1] || 7);
const ROUND_MS = 300;
const NORM_KERNELS = ['layerNorm', 'layerNormGrad', 'batchNorm', 'batchNormGrad', 'batchNormInference'];

/** The cases: layer norm over a transformer-sized activation, batch norm over the CNN's first conv output. */
const CASES = [
  { id: 'layer', title: 'layer norm [512, 768], axis -1', shape: [512, 768], features: 768 },
  { id: 'batch', title: 'batch norm [64, 26, 26, 32], axis -1 (training)', shape: [64, 26, 26, 32], features: 32 },
  { id: 'inference', title: 'batch norm [64, 26, 26, 32], axis -1, given statistics (forward: inference)', shape: [64, 26, 26, 32], features: 32 },
];

/** Runs of one case on a keras peer: `forward()` and `gradients()`, each disposing what it made. */
function kerasRuns(peer, c) {
  const { core } = peer;
  const { ops } = core;
  const size = c.shape.reduce((a, b) => a * b, 1);
  const x = new core.Variable(core.fromTypedArray(randomArray(size, 1, 1), c.shape, 'float32'));
  const w = core.fromTypedArray(randomArray(size, 1, 2), c.shape, 'float32');
  const gamma = new core.Variable(core.fromTypedArray(randomArray(c.features, 1, 3), [c.features], 'float32'));
  const beta = new core.Variable(core.fromTypedArray(randomArray(c.features, 1, 4), [c.features], 'float32'));
  const mean = core.fromTypedArray(randomArray(c.features, 1, 5), [c.features], 'float32');
  const variance = core.fromTypedArray(randomArray(c.features, 1, 6).map((v) => v * v + 0.5), [c.features], 'float32');
  const norm = () => {
    if (c.id === 'layer') return ops.layerNormalization(x, { gamma, beta, epsilon: 1e-3 });
    if (c.id === 'batch') return ops.fusedBatchNormalization(x, { scale: gamma, offset: beta })[0];
    return ops.batchNormalization(x, mean, variance, { scale: gamma, offset: beta });
  };
  return {
    forward: () => core.tidy(() => void norm()),
    gradients: () => core.tidy(() => void core.valueAndGradients(() => ops.sum(ops.multiply(norm(), w)), [x, gamma, beta])),
  };
}

/**
 * The same on tfjs: moments, then tf.batchNorm for batch norm; layer norm as tfjs-layers'
 * LayerNormalization computes it (tf.batchNorm's gradient wants per-channel statistics).
 */
function tfjsRuns(c) {
  const size = c.shape.reduce((a, b) => a * b, 1);
  const x = tf.tensor(randomArray(size, 1, 1), c.shape);
  const w = tf.tensor(randomArray(size, 1, 2), c.shape);
  const layer = c.id === 'layer';
  const paramShape = layer ? [1, c.features] : [c.features];
  const gamma = tf.tensor(randomArray(c.features, 1, 3), paramShape);
  const beta = tf.tensor(randomArray(c.features, 1, 4), paramShape);
  const axes = layer ? [c.shape.length - 1] : c.shape.slice(0, -1).map((_, i) => i);
  const given = { mean: tf.tensor(randomArray(c.features, 1, 5), [c.features]), variance: tf.tensor(randomArray(c.features, 1, 6).map((v) => v * v + 0.5), [c.features]) };
  const norm = (xt, g, b) => {
    const { mean, variance } = c.id === 'inference' ? given : tf.moments(xt, axes, layer);
    if (layer) return tf.add(tf.mul(tf.mul(tf.sub(xt, mean), tf.rsqrt(tf.add(variance, 1e-3))), g), b);
    return tf.batchNorm(xt, mean, variance, b, g, 1e-3);
  };
  const grads = tf.grads((xt, g, b) => tf.sum(tf.mul(norm(xt, g, b), w)));
  return {
    forward: () => tf.tidy(() => void norm(x, gamma, beta).dataSync()),
    gradients: () => tf.tidy(() => void grads([x, gamma, beta]).forEach((g) => g.dataSync())),
  };
}

const runners = [];
for (const threads of [1, 2]) {
  for (const fused of [true, false]) {
    const peer = await createKeras({ variant: 'auto', threads, api: 'ops' });
    if (!fused) for (const k of NORM_KERNELS) delete peer.backend.kernels[k];
    runners.push({ label: `keras ${fused ? 'fused' : 'composite'}, ${threads} thread${threads > 1 ? 's' : ''}`, activate: peer.activate, make: (c) => kerasRuns(peer, c) });
  }
}
const tfjs = await createTfjs('wasm');
runners.push({ label: 'tfjs-wasm, 1 thread', activate: tfjs.activate, make: tfjsRuns });

/** Mean µs per call of `fn` over about `ms` milliseconds. */
function timeCalls(fn, ms) {
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    fn();
    n++;
  }
  return ((performance.now() - t0) / n) * 1000;
}

const fmt = (us) => `${us.toFixed(0)} µs`.padStart(10);
for (const c of CASES) {
  const runs = runners.map((r) => {
    r.activate();
    return r.make(c);
  });
  const times = runners.map(() => ({ forward: [], gradients: [] }));
  for (let round = -1; round < rounds; round++) {
    runners.forEach((r, i) => {
      r.activate();
      for (const kind of ['forward', 'gradients']) {
        const us = timeCalls(runs[i][kind], ROUND_MS);
        if (round >= 0) times[i][kind].push(us); // round -1 warms up
      }
    });
  }
  console.log(`\n${c.title}: medians of ${rounds} interleaved rounds`);
  console.log(`${'runner'.padEnd(30)} ${'forward'.padStart(10)} ${'+ gradients'.padStart(12)}  ${'vs composite'.padStart(12)}  vs tfjs-wasm`);
  const med = times.map((t) => ({ forward: median(t.forward), gradients: median(t.gradients) }));
  const tfjsMed = med.at(-1);
  runners.forEach((r, i) => {
    const composite = r.label.includes('fused') ? med[i + 1] : null;
    const ratio = (base, kind) => (base ? `${(base[kind] / med[i][kind]).toFixed(2)}x/${(base.gradients / med[i].gradients).toFixed(2)}x` : '-');
    console.log(`${r.label.padEnd(30)} ${fmt(med[i].forward)} ${fmt(med[i].gradients).padStart(12)}  ${ratio(composite, 'forward').padStart(12)}  ${ratio(tfjsMed, 'forward')}`);
  });
}
console.log('\nratios: forward / forward + gradients; above 1 means faster than that runner');
process.exit(0);
