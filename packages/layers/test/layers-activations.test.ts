import { beforeAll, describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '@keras/core';
import { activations } from '../src/index.js';
import { expectClose, setupBackend, values } from './helpers.js';

beforeAll(setupBackend);

const X = [-3, -1, -0.25, 0, 0.5, 2, 7];
const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
const erf = (v: number): number => {
  // Abramowitz-Stegun 7.1.26 is too coarse; integrate instead (Simpson, enough for 1e-6).
  const n = 2000;
  const h = v / n;
  let acc = 0;
  for (let i = 0; i <= n; i++) acc += Math.exp(-((i * h) ** 2)) * (i === 0 || i === n ? 1 : i % 2 ? 4 : 2);
  return ((2 / Math.sqrt(Math.PI)) * acc * h) / 3;
};
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

const REFERENCE: Record<string, (v: number) => number> = {
  linear: (v) => v,
  relu: (v) => Math.max(0, v),
  relu6: (v) => Math.min(6, Math.max(0, v)),
  leaky_relu: (v) => (v >= 0 ? v : 0.2 * v),
  elu: (v) => (v > 0 ? v : Math.expm1(v)),
  selu: (v) => SELU_SCALE * (v > 0 ? v : SELU_ALPHA * Math.expm1(v)),
  gelu: (v) => 0.5 * v * (1 + erf(v / Math.SQRT2)),
  sigmoid,
  hard_sigmoid: (v) => Math.min(1, Math.max(0, v / 6 + 0.5)),
  softplus: (v) => Math.log1p(Math.exp(v)),
  softsign: (v) => v / (1 + Math.abs(v)),
  silu: (v) => v * sigmoid(v),
  swish: (v) => v * sigmoid(v),
  tanh: Math.tanh,
  exponential: Math.exp,
};

describe('activations by name', () => {
  for (const [name, f] of Object.entries(REFERENCE)) {
    it(`${name} matches its definition`, () => {
      const x = tensor([X]);
      const y = activations.get(name)(x);
      expectClose(values(y), X.map(f), 1e-5);
      if (y !== x) y.dispose();
      x.dispose();
    });
  }

  it('softmax and log_softmax work over the last axis', () => {
    const x = tensor([[1, 2, 3], [0, 0, 0]]);
    const e = [1, 2, 3].map(Math.exp);
    const z = e.reduce((a, b) => a + b, 0);
    const soft = activations.get('softmax')(x);
    const logSoft = activations.get('logSoftmax')(x);
    expectClose(values(soft), [...e.map((v) => v / z), 1 / 3, 1 / 3, 1 / 3], 1e-6);
    expectClose(values(logSoft), [...e.map((v) => Math.log(v / z)), -Math.log(3), -Math.log(3), -Math.log(3)], 1e-5);
    for (const t of [x, soft, logSoft]) t.dispose();
  });
});

describe('get and serialize', () => {
  it('resolve camelCase, snake_case, functions, Keras dicts and null', () => {
    expect(activations.get('leakyRelu')).toBe(activations.leakyRelu);
    expect(activations.get('log_softmax')).toBe(activations.logSoftmax);
    expect(activations.get('swish')).toBe(activations.silu);
    expect(activations.get(activations.tanh)).toBe(activations.tanh);
    expect(activations.get(null)).toBe(activations.linear);
    expect(activations.get({ module: 'keras.activations', class_name: 'function', config: 'relu' as never, registered_name: null })).toBe(activations.relu);
    expect(() => activations.get('reluu')).toThrow(/Unknown activation "reluu".*relu6/);
  });

  it('serialize to Keras names', () => {
    expect(activations.serialize(activations.relu)).toBe('relu');
    expect(activations.serialize(activations.hardSigmoid)).toBe('hard_sigmoid');
    expect(activations.serialize(activations.swish)).toBe('silu');
    const custom = (x: Tensor): Tensor => x;
    expect(activations.serialize(custom)).toEqual({ module: null, class_name: 'function', config: 'custom', registered_name: 'custom' });
  });
});
