import { getBackend, tensor, Variable } from '@keras/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Adagrad, Adam, Adamax, AdamW, Nadam, RMSprop, SGD, type Optimizer } from '../src/optimizers/index.js';
import { adagradRef, adamaxRef, adamRef, nadamRef, rmspropRef, sgdRef } from './optim-references.js';
import { snapshot, useWasm, values } from './train-helpers.js';

beforeAll(useWasm);

const W0 = [0.5, -1.25, 2, 0, 3.5, -0.75];
const GRADS = [
  [0.1, -0.4, 1.5, 0.2, -2, 0.05],
  [-0.3, 0.8, 1.1, 0, -1.5, 0.6],
  [0.25, 0.1, -0.9, -0.2, 0.4, 1.2],
];

const created: Variable[] = [];
afterEach(() => {
  for (const v of created.splice(0)) v.dispose();
});

/** Applies the three gradient steps to a variable starting at W0 and returns its values. */
async function runOptimizer(optimizer: Optimizer): Promise<number[]> {
  const init = tensor(W0);
  const w = new Variable(init, { name: 'w' });
  init.dispose();
  created.push(w);
  for (const g of GRADS) {
    const grad = tensor(g);
    optimizer.apply([grad], [w]);
    grad.dispose();
  }
  created.push(...optimizer.variables);
  return values(w);
}

function expectClose(actual: readonly number[], expected: readonly number[], tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i]!))));
}

describe('optimizer update rules match Keras 3 formulas (float64 reference, 3 steps)', () => {
  it('SGD: plain, momentum, Nesterov; default learning rate 0.01', async () => {
    expectClose(await runOptimizer(new SGD()), sgdRef(W0, GRADS, 0.01));
    expectClose(await runOptimizer(new SGD({ learningRate: 0.1, momentum: 0.9 })), sgdRef(W0, GRADS, 0.1, 0.9));
    expectClose(await runOptimizer(new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true })), sgdRef(W0, GRADS, 0.1, 0.9, true));
  });

  it('Adam: defaults, custom betas, AMSGrad', async () => {
    expectClose(await runOptimizer(new Adam()), adamRef(W0, GRADS, 0.001));
    expectClose(await runOptimizer(new Adam({ learningRate: 0.1, beta1: 0.8, beta2: 0.99, epsilon: 1e-3 })), adamRef(W0, GRADS, 0.1, { beta1: 0.8, beta2: 0.99, epsilon: 1e-3 }));
    expectClose(await runOptimizer(new Adam({ learningRate: 0.1, amsgrad: true })), adamRef(W0, GRADS, 0.1, { amsgrad: true }));
  });

  type FusedKernel = 'adamUpdate' | 'sgdUpdate' | 'rmspropUpdate' | 'adagradUpdate' | 'adamaxUpdate' | 'nadamUpdate';
  const FUSED: [string, FusedKernel, () => Optimizer, number[]][] = [
    ['Adam', 'adamUpdate', () => new Adam({ learningRate: 0.1 }), adamRef(W0, GRADS, 0.1)],
    ['SGD', 'sgdUpdate', () => new SGD({ learningRate: 0.1 }), sgdRef(W0, GRADS, 0.1)],
    ['SGD with momentum', 'sgdUpdate', () => new SGD({ learningRate: 0.1, momentum: 0.9 }), sgdRef(W0, GRADS, 0.1, 0.9)],
    ['SGD with Nesterov momentum', 'sgdUpdate', () => new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true }), sgdRef(W0, GRADS, 0.1, 0.9, true)],
    ['RMSprop', 'rmspropUpdate', () => new RMSprop({ learningRate: 0.05 }), rmspropRef(W0, GRADS, 0.05)],
    [
      'RMSprop centered with momentum', 'rmspropUpdate', () => new RMSprop({ learningRate: 0.05, centered: true, momentum: 0.5, rho: 0.8 }),
      rmspropRef(W0, GRADS, 0.05, { centered: true, momentum: 0.5, rho: 0.8 }),
    ],
    ['Adagrad', 'adagradUpdate', () => new Adagrad({ learningRate: 0.5, initialAccumulatorValue: 1 }), adagradRef(W0, GRADS, 0.5, 1)],
    ['Adamax', 'adamaxUpdate', () => new Adamax({ learningRate: 0.1 }), adamaxRef(W0, GRADS, 0.1)],
    ['Nadam', 'nadamUpdate', () => new Nadam({ learningRate: 0.1 }), nadamRef(W0, GRADS, 0.1)],
  ];

  it.each(FUSED)('%s gives the same result with its fused kernel (%s) and with plain ops', async (_, name, make, reference) => {
    const kernels = getBackend().kernels as Record<string, unknown>;
    expect(kernels[name]).toBeDefined();
    const fused = await runOptimizer(make());
    const saved = kernels[name];
    delete kernels[name];
    try {
      const plain = await runOptimizer(make());
      // All but Adam (the paper's epsilon-hat form) run Keras' float32 operations in the same order: bit for bit.
      expectClose(fused, plain, name === 'adamUpdate' ? 1e-5 : 0);
      expectClose(plain, reference);
    } finally {
      kernels[name] = saved;
    }
  });

  it.each(FUSED)('the fused %s step does not write into a buffer the weight shares with another tensor', async (_, __, make) => {
    const shared = tensor(W0);
    const w = new Variable(shared, { name: 'w' });
    created.push(w);
    const opt = make();
    const g = tensor(GRADS[0]!);
    opt.apply([g], [w]);
    g.dispose();
    created.push(...opt.variables);
    expectClose(await values(shared), W0, 0);
    shared.dispose();
  });

  it.each(FUSED)('the fused %s step updates a weight it does not share in place, with no copy per step', async (_, __, make, reference) => {
    const init = tensor(W0);
    const w = new Variable(init, { name: 'w' });
    init.dispose();
    created.push(w);
    const opt = make();
    const buffer = w.dataId;
    for (const grad of GRADS) {
      const g = tensor(grad);
      opt.apply([g], [w]);
      g.dispose();
    }
    created.push(...opt.variables);
    expect(w.dataId).toBe(buffer);
    expectClose(await values(w), reference);
  });

  it('AdamW: weight decay 0.004 by default, applied before the Adam step', async () => {
    expect(new AdamW().weightDecay).toBe(0.004);
    expectClose(await runOptimizer(new AdamW({ learningRate: 0.1 })), adamRef(W0, GRADS, 0.1, { weightDecay: 0.004 }));
    expectClose(await runOptimizer(new AdamW({ learningRate: 0.1, weightDecay: 0.1 })), adamRef(W0, GRADS, 0.1, { weightDecay: 0.1 }));
  });

  it('RMSprop: defaults, momentum, centered', async () => {
    expectClose(await runOptimizer(new RMSprop()), rmspropRef(W0, GRADS, 0.001));
    expectClose(await runOptimizer(new RMSprop({ learningRate: 0.05, momentum: 0.5 })), rmspropRef(W0, GRADS, 0.05, { momentum: 0.5 }));
    expectClose(await runOptimizer(new RMSprop({ learningRate: 0.05, centered: true, rho: 0.8 })), rmspropRef(W0, GRADS, 0.05, { centered: true, rho: 0.8 }));
  });

  it('Adagrad: initial accumulator 0.1 by default', async () => {
    expectClose(await runOptimizer(new Adagrad()), adagradRef(W0, GRADS, 0.001));
    expectClose(await runOptimizer(new Adagrad({ learningRate: 0.5, initialAccumulatorValue: 1 })), adagradRef(W0, GRADS, 0.5, 1));
  });

  it('Adamax and Nadam', async () => {
    expectClose(await runOptimizer(new Adamax()), adamaxRef(W0, GRADS, 0.001));
    expectClose(await runOptimizer(new Adamax({ learningRate: 0.1 })), adamaxRef(W0, GRADS, 0.1));
    expectClose(await runOptimizer(new Nadam()), nadamRef(W0, GRADS, 0.001));
    expectClose(await runOptimizer(new Nadam({ learningRate: 0.1 })), nadamRef(W0, GRADS, 0.1));
  });

  it('counts iterations and creates slot variables once, named after the weight', async () => {
    const opt = new Adam();
    await runOptimizer(opt);
    expect(opt.iterations).toBe(3);
    expect(opt.variables.map((v) => v.name)).toEqual(['w_momentum', 'w_velocity']);
    expect(opt.variables.every((v) => !v.trainable)).toBe(true);
  });

  it('keeps memory flat after the first step', () => {
    const init = tensor(W0);
    const w = new Variable(init, { name: 'w' });
    init.dispose();
    created.push(w);
    for (const opt of [new SGD({ momentum: 0.9 }), new Adam({ amsgrad: true }), new Adam(), new RMSprop({ centered: true, momentum: 0.5 }), new Nadam(), new Adamax(), new Adagrad()]) {
      const g = tensor(GRADS[0]!);
      opt.apply([g], [w]);
      const after = snapshot();
      for (let i = 0; i < 5; i++) opt.apply([g], [w]);
      expect(snapshot()).toEqual(after);
      g.dispose();
      created.push(...opt.variables);
    }
  });

  it('refuses variables it was not built with, and mismatched lists', () => {
    const a = new Variable(tensor([1]), { name: 'a' });
    const b = new Variable(tensor([2]), { name: 'b' });
    created.push(a, b);
    const opt = new SGD();
    const g = tensor([1]);
    opt.apply([g], [a]);
    expect(() => opt.apply([g], [b])).toThrow(/unknown variable 'b'/);
    expect(() => opt.apply([g, g], [a])).toThrow(/2 gradients for 1 variables/);
    g.dispose();
  });
});
