/**
 * Kernel-level checks of contract rules the op layer's cases may not reach: integer
 * division by zero, integer powers, empty reductions, negative-step slices, index
 * wrapping and clamping, broadcast matmul batches with fused epilogues, the Adam step.
 * Every kernel call is leak-checked.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, harness, randoms, type Harness } from './harness.js';

describe('kernels on awkward inputs', () => {
  let h: Harness;
  beforeAll(async () => { h = await harness(); });

  it('int32 floorDiv and mod follow Python, and give 0 for a zero divisor', () => {
    const a = h.put([7, -7, 7, -7, 5, 0], 'int32'), b = h.put([2, 2, -2, -2, 0, 0], 'int32');
    const div = h.out(6, 'int32'), mod = h.out(6, 'int32');
    const shape = [6];
    h.run(() => h.k.binary({ op: 'floorDiv', a, b, out: div, aShape: shape, bShape: shape, outShape: shape, dtype: 'int32' }));
    h.run(() => h.k.binary({ op: 'mod', a, b, out: mod, aShape: shape, bShape: shape, outShape: shape, dtype: 'int32' }));
    expect(h.get(div)).toEqual([3, -4, -4, 3, 0, 0]);
    expect(h.get(mod)).toEqual([1, 1, -1, -1, 0, 0]);
  });

  it('int32 mod by a broadcast zero divisor', () => {
    const a = h.put([1, 2, 3, 4, 5, 6], 'int32'), b = h.put([0, 4], 'int32'), out = h.out(6, 'int32');
    h.run(() => h.k.binary({ op: 'mod', a, b, out, aShape: [3, 2], bShape: [1, 2], outShape: [3, 2], dtype: 'int32' }));
    expect(h.get(out)).toEqual([0, 2, 0, 0, 0, 2]);
  });

  it('int32 pow is integer exponentiation, 0 for negative exponents', () => {
    const a = h.put([2, -3, 5, 1, 0], 'int32'), b = h.put([10, 3, 0, -1, 0], 'int32'), out = h.out(5, 'int32');
    h.run(() => h.k.binary({ op: 'pow', a, b, out, aShape: [5], bShape: [5], outShape: [5], dtype: 'int32' }));
    expect(h.get(out)).toEqual([1024, -27, 1, 0, 1]);
  });

  it('unary ops keep NaN through sign and round half to even', () => {
    const x = h.put([NaN, -0.5, 0.5, 1.5, 2.5, -2.5]), sign = h.out(6), round = h.out(6);
    h.run(() => h.k.unary({ op: 'sign', x, out: sign, size: 6, dtype: 'float32' }));
    h.run(() => h.k.unary({ op: 'round', x, out: round, size: 6, dtype: 'float32' }));
    expect(h.get(sign)).toEqual([NaN, -1, 1, 1, 1, -1]);
    // The contract compares 0 and -0 as equal; tfjs gives +0 for round(-0.5).
    expect(h.get(round).map((v) => v + 0)).toEqual([NaN, 0, 0, 2, 2, -2]);
  });

  it('activations with parameters: elu scale, leakyRelu slope, Keras 3 hardSigmoid, both gelus', () => {
    const xs = [-3.5, -1, -0.25, 0, 0.4, 2, 4];
    const x = h.put(xs);
    const run = (op: 'elu' | 'leakyRelu' | 'hardSigmoid' | 'gelu' | 'geluExact', alpha?: number): number[] => {
      const out = h.out(xs.length);
      h.run(() => h.k.unary({ op, x, out, size: xs.length, dtype: 'float32', ...(alpha === undefined ? {} : { alpha }) }));
      return h.get(out);
    };
    expectClose(run('elu', 0.5), xs.map((v) => (v > 0 ? v : 0.5 * Math.expm1(v))));
    expectClose(run('leakyRelu', 0.1), xs.map((v) => (v > 0 ? v : 0.1 * v)));
    expectClose(run('hardSigmoid'), xs.map((v) => Math.min(Math.max(v + 3, 0), 6) / 6));
    expectClose(run('gelu'), xs.map((v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))));
    // erf by Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7), as tfjs' CPU kernel computes it.
    const erf = (v: number): number => {
      const t = 1 / (1 + 0.3275911 * Math.abs(v));
      const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-v * v);
      return Math.sign(v) * y;
    };
    expectClose(run('geluExact'), xs.map((v) => 0.5 * v * (1 + erf(v / Math.SQRT2))));
  });

  it('reductions over nothing give their identities; argmax keeps the first maximum', () => {
    const empty = h.put([]);
    const ids = { sum: 0, prod: 1, max: -Infinity, min: Infinity } as const;
    for (const [op, want] of Object.entries(ids)) {
      const out = h.out(6);
      h.run(() => h.k.reduce({ op: op as keyof typeof ids, x: empty, out, outer: 2, reduceSize: 0, inner: 3, dtype: 'float32' }));
      expect(h.get(out)).toEqual(new Array(6).fill(want));
    }
    const none = h.put([], 'bool'), any = h.out(2, 'bool'), all = h.out(2, 'bool');
    h.run(() => h.k.reduce({ op: 'any', x: none, out: any, outer: 2, reduceSize: 0, inner: 1, dtype: 'bool' }));
    h.run(() => h.k.reduce({ op: 'all', x: none, out: all, outer: 2, reduceSize: 0, inner: 1, dtype: 'bool' }));
    expect([h.get(any), h.get(all)]).toEqual([[0, 0], [1, 1]]);
    // [outer 1, reduce 4, inner 2]: column 0 ties at rows 1 and 3, column 1 at rows 0 and 2.
    const x = h.put([0, 5, 3, 1, 2, 5, 3, 0]), arg = h.out(2, 'int32');
    h.run(() => h.k.reduce({ op: 'argmax', x, out: arg, outer: 1, reduceSize: 4, inner: 2, dtype: 'float32' }));
    expect(h.get(arg)).toEqual([1, 0]);
  });

  it('slices with negative and mixed steps, through index 0', () => {
    // x [3, 5] = 0..14; rows 2,0 (step -2) and columns 4,1 (step -3); then rows 0..2 step 2, columns 3..0 step -1.
    const x = h.put(Array.from({ length: 15 }, (_, i) => i));
    const a = h.out(4), b = h.out(8);
    h.run(() => h.k.slice({ x, out: a, shape: [3, 5], begin: [2, 4], step: [-2, -3], outShape: [2, 2], dtype: 'float32' }));
    h.run(() => h.k.slice({ x, out: b, shape: [3, 5], begin: [0, 3], step: [2, -1], outShape: [2, 4], dtype: 'float32' }));
    expect(h.get(a)).toEqual([14, 11, 4, 1]);
    expect(h.get(b)).toEqual([3, 2, 1, 0, 13, 12, 11, 10]);
  });

  it('gather wraps negative indices once and clamps the rest; scatterAdd is its adjoint', () => {
    // x [outer 2, axis 3, inner 2]; indices -1 -> 2, -3 -> 0, 7 -> 2 (clamped), -9 -> 0 (clamped), 1.
    const x = h.put(Array.from({ length: 12 }, (_, i) => i));
    const indices = h.put([-1, -3, 7, -9, 1], 'int32');
    const gathered = h.out(20);
    h.run(() => h.k.gather({ x, indices, out: gathered, outer: 2, axisSize: 3, inner: 2, numIndices: 5, dtype: 'float32' }));
    expect(h.get(gathered)).toEqual([4, 5, 0, 1, 4, 5, 0, 1, 2, 3, 10, 11, 6, 7, 10, 11, 6, 7, 8, 9]);
    const updates = h.put(new Array(20).fill(1).map((v, i) => v + i));
    const summed = h.out(12);
    h.run(() => h.k.scatterAdd({ updates, indices, out: summed, outer: 2, axisSize: 3, inner: 2, numIndices: 5 }));
    // Row 0 gets updates 1 and 3, row 1 gets update 4, row 2 gets updates 0 and 2 (per outer block).
    expect(h.get(summed)).toEqual([3 + 7, 4 + 8, 9, 10, 1 + 5, 2 + 6, 13 + 17, 14 + 18, 19, 20, 11 + 15, 12 + 16]);
    const [noUpdates, noIndices, none] = [h.put([]), h.put([], 'int32'), h.out(6)];
    h.run(() => h.k.scatterAdd({ updates: noUpdates, indices: noIndices, out: none, outer: 1, axisSize: 6, inner: 1, numIndices: 0 }));
    expect(h.get(none)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  /** out[b] = act(A[b] B[b] + bias) in float64 with A [batch, m, k] and B [batch, k, n] already untransposed. */
  const matmulRef = (a: number[][], b: number[][], m: number, n: number, k: number, bias: number[], act: (v: number) => number): number[] =>
    a.flatMap((ab, i) => Array.from({ length: m * n }, (_, o) => {
      const r = Math.floor(o / n), c = o % n;
      let s = bias[c]!;
      for (let q = 0; q < k; q++) s += ab[r * k + q]! * b[i]![q * n + c]!;
      return act(s);
    }));

  it('matmul with a broadcast A, transposes, bias and each fused activation', () => {
    const [batch, m, n, k] = [3, 2, 4, 5];
    const aT = randoms(k * m, 11); // one A stored [k, m], broadcast over the batch
    const bT = randoms(batch * n * k, 12); // B stored [n, k] per batch
    const bias = randoms(n, 13);
    const a = Array.from({ length: m * k }, (_, i) => aT[(i % k) * m + Math.floor(i / k)]!);
    const bs = Array.from({ length: batch }, (_, t) => Array.from({ length: k * n }, (_, i) => bT[t * n * k + (i % n) * k + Math.floor(i / n)]!));
    const acts = { linear: (v: number) => v, relu: (v: number) => Math.max(v, 0), sigmoid: (v: number) => 1 / (1 + Math.exp(-v)), tanh: Math.tanh };
    const [aId, bId, biasId] = [h.put(aT), h.put(bT), h.put(bias)];
    for (const [activation, f] of Object.entries(acts)) {
      const out = h.out(batch * m * n);
      h.run(() => h.k.matmul({
        a: aId, b: bId, out, batch, m, n, k, transA: true, transB: true, aBatchStride: 0, bBatchStride: n * k,
        bias: biasId, activation: activation as keyof typeof acts,
      }));
      expectClose(h.get(out), matmulRef([a, a, a], bs, m, n, k, bias, f));
    }
  });

  it('matmul with both matrices broadcast, and with k = 0', () => {
    const a = randoms(6, 14), b = randoms(6, 15), out = h.out(2 * 4);
    const [aId, bId] = [h.put(a), h.put(b)];
    h.run(() => h.k.matmul({ a: aId, b: bId, out, batch: 2, m: 2, n: 2, k: 3, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 }));
    const one = matmulRef([a], [b], 2, 2, 3, [0, 0], (v) => v);
    expectClose(h.get(out), [...one, ...one]);
    const [none, bias, empty] = [h.put([]), h.put([1, 2, 3]), h.out(6)];
    h.run(() => h.k.matmul({ a: none, b: none, out: empty, batch: 1, m: 2, n: 3, k: 0, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0, bias }));
    expect(h.get(empty)).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it('adamUpdate updates p, m and v in place', () => {
    const [p0, g, m0, v0] = [randoms(5, 21), randoms(5, 22), randoms(5, 23), randoms(5, 24).map(Math.abs)];
    const p = h.put(p0), m = h.put(m0), v = h.put(v0);
    const [lrT, beta1, beta2, epsHat] = [0.01, 0.9, 0.999, 1e-7];
    h.k.adamUpdate({ p, g: h.put(g), m, v, size: 5, lrT, beta1, beta2, epsHat });
    const m1 = m0.map((x, i) => beta1 * x + (1 - beta1) * g[i]!);
    const v1 = v0.map((x, i) => beta2 * x + (1 - beta2) * g[i]! ** 2);
    expectClose(h.get(m), m1);
    expectClose(h.get(v), v1);
    expectClose(h.get(p), p0.map((x, i) => x - (lrT * m1[i]!) / (Math.sqrt(v1[i]!) + epsHat)));
  });
});
