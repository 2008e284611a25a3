import { describe, expect, it } from 'vitest';
import type { DataId } from '@keras/core';
import type { WasmBackend } from '../src/backend.js';
import { expectClose, expectExact, Scratch, uniform, VARIANTS, useVariantBackend } from './helpers.js';

describe.each(VARIANTS)('fused kernels (%s)', (variant) => {
  let backend: WasmBackend;
  let s: Scratch;
  useVariantBackend(variant, (b, scratch) => {
    backend = b;
    s = scratch;
  });

  function rows(x: number[], outer: number, n: number): number[][] {
    return Array.from({ length: outer }, (_, o) => x.slice(o * n, (o + 1) * n));
  }

  it.each([[1, 1], [3, 5], [2, 8], [4, 33], [1, 1000], [0, 4], [2, 0]])('softmax and logSoftmax over [%i, %i]', (outer, n) => {
    // Large offsets check the max subtraction: exp(x) alone would overflow.
    const xv = uniform(outer * n, -20, 20, 1).map((v, i) => (i % 7 === 0 ? Math.fround(v + 500) : v));
    const x = s.put('float32', xv);
    const out = s.out('float32', outer * n);
    const logOut = s.out('float32', outer * n);
    backend.kernels.softmax!({ x, out, outer, axisSize: n });
    backend.kernels.logSoftmax!({ x, out: logOut, outer, axisSize: n });
    const soft: number[] = [];
    const logSoft: number[] = [];
    for (const row of rows(xv, outer, n)) {
      const m = Math.max(...row);
      const sum = row.reduce((a, v) => a + Math.exp(v - m), 0);
      for (const v of row) {
        soft.push(Math.exp(v - m) / sum);
        logSoft.push(v - m - Math.log(sum));
      }
    }
    expectClose(s.get(out, 'float32', outer * n), soft, 1e-5);
    expectClose(s.get(logOut, 'float32', outer * n), logSoft, 1e-5, 1);
  });

  it.each([[1, 1], [3, 5], [2, 8], [4, 33], [2, 1000], [0, 4]])('softmaxCrossentropy and its gradient over [%i, %i] match float64', (outer, n) => {
    // Large offsets check the max subtraction; targets need not sum to 1.
    const zv = uniform(outer * n, -20, 20, 1).map((v, i) => (i % 7 === 0 ? Math.fround(v + 500) : v));
    const tv = uniform(outer * n, 0, 1, 2);
    const dyv = uniform(outer, -2, 2, 3);
    const [z, t, dy] = [zv, tv, dyv].map((a) => s.put('float32', a)) as [DataId, DataId, DataId];
    const loss = s.out('float32', outer);
    const dz = s.out('float32', outer * n);
    backend.kernels.softmaxCrossentropy!({ logits: z, target: t, out: loss, outer, axisSize: n });
    backend.kernels.softmaxCrossentropyGrad!({ logits: z, target: t, dy, out: dz, outer, axisSize: n });
    const lossRef: number[] = [];
    const dzRef: number[] = [];
    const zRows = rows(zv, outer, n);
    const tRows = rows(tv, outer, n);
    zRows.forEach((row, r) => {
      const m = Math.max(...row);
      const lse = m + Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0));
      const tRow = tRows[r]!;
      const total = tRow.reduce((a, v) => a + v, 0);
      lossRef.push(row.reduce((a, v, j) => a + tRow[j]! * (lse - v), 0));
      row.forEach((v, j) => dzRef.push(dyv[r]! * (Math.exp(v - lse) * total - tRow[j]!)));
    });
    expectClose(s.get(loss, 'float32', outer), lossRef, 1e-5);
    expectClose(s.get(dz, 'float32', outer * n), dzRef, 1e-5, 1);
  });

  it('softmax of -Infinity entries is 0', () => {
    const x = s.put('float32', [0, -Infinity, 0, -Infinity]);
    const out = s.out('float32', 4);
    backend.kernels.softmax!({ x, out, outer: 1, axisSize: 4 });
    expectClose(s.get(out, 'float32', 4), [0.5, 0, 0.5, 0], 1e-7);
  });

  it.each([1, 4, 7, 1001])('adamUpdate over %i elements matches the Keras formula', (n) => {
    const pv = uniform(n, -1, 1, 1);
    const gv = uniform(n, -1, 1, 2);
    const mv = uniform(n, -0.1, 0.1, 3);
    const vv = uniform(n, 0, 0.01, 4);
    // The kernel takes float32 hyper-parameters: the reference uses the same rounded values.
    const [lr, eps, t] = [0.01, 1e-7, 3];
    const [beta1, beta2] = [Math.fround(0.9), Math.fround(0.999)];
    const lrT = Math.fround((lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t));
    const epsHat = Math.fround(eps * Math.sqrt(1 - beta2 ** t));
    const [p, g, m, v] = [pv, gv, mv, vv].map((a) => s.put('float32', a));
    backend.kernels.adamUpdate!({ p: p!, g: g!, m: m!, v: v!, size: n, lrT, beta1, beta2, epsHat });
    const m2 = mv.map((mi, i) => beta1 * mi + (1 - beta1) * gv[i]!);
    const v2 = vv.map((vi, i) => beta2 * vi + (1 - beta2) * gv[i]! ** 2);
    const p2 = pv.map((pi, i) => pi - (lrT * m2[i]!) / (Math.sqrt(v2[i]!) + epsHat));
    const mScale = mv.map((mi, i) => beta1 * Math.abs(mi) + (1 - beta1) * Math.abs(gv[i]!));
    expectClose(s.get(m!, 'float32', n), m2, 1e-6, mScale);
    expectClose(s.get(v!, 'float32', n), v2, 1e-6);
    expectClose(s.get(p!, 'float32', n), p2, 1e-6, 1);
  });

  /** float32 arithmetic, one rounding per operation, as the kernels and Keras' element-wise ops compute. */
  const f = Math.fround;

  it.each([
    [1, 0, false], [7, 0, false], [1001, 0.9, false], [5, 0.9, true], [1001, 0.5, true],
  ])('sgdUpdate over %i elements, momentum %s, nesterov %s: bit-exact against float32 arithmetic', (n, momentum, nesterov) => {
    const pv = uniform(n, -1, 1, 1);
    const gv = uniform(n, -1, 1, 2);
    const mv = uniform(n, -0.1, 0.1, 3);
    const lr = 0.01;
    const [p, g, m] = [pv, gv, mv].map((a) => s.put('float32', a));
    backend.kernels.sgdUpdate!({ p: p!, g: g!, m: momentum ? m! : null, size: n, learningRate: lr, momentum, nesterov });
    const [lr32, mu] = [f(lr), f(momentum)];
    const m2 = gv.map((gi, i) => f(f(gi * -lr32) + f(mv[i]! * mu)));
    const p2 = pv.map((pi, i) => {
      const gi = gv[i]!;
      if (!momentum) return f(pi - f(gi * lr32));
      return f(pi + (nesterov ? f(f(gi * -lr32) + f(m2[i]! * mu)) : m2[i]!));
    });
    expectExact(s.get(p!, 'float32', n), p2, 'p');
    expectExact(s.get(m!, 'float32', n), momentum ? m2 : mv, 'm');
  });

  it.each([
    [1, false, 0], [7, false, 0], [1001, true, 0], [6, false, 0.5], [1001, true, 0.5],
  ])('rmspropUpdate over %i elements, centered %s, momentum %s: bit-exact against float32 arithmetic', (n, centered, momentum) => {
    const pv = uniform(n, -1, 1, 1);
    const gv = uniform(n, -1, 1, 2);
    const vv = uniform(n, 0.5, 1, 3);
    const av = uniform(n, -0.1, 0.1, 4);
    const mv = uniform(n, -0.1, 0.1, 5);
    const [lr, rho, eps] = [0.01, 0.9, 1e-7];
    const [p, g, v, a, mom] = [pv, gv, vv, av, mv].map((x) => s.put('float32', x));
    backend.kernels.rmspropUpdate!({
      p: p!, g: g!, v: v!, averageGradient: centered ? a! : null, momentumSlot: momentum ? mom! : null,
      size: n, learningRate: lr, rho, momentum, epsilon: eps,
    });
    const [lr32, rho32, q, mu, e] = [f(lr), f(rho), f(1 - rho), f(momentum), f(eps)];
    const v2 = vv.map((vi, i) => f(f(vi * rho32) + f(f(gv[i]! * gv[i]!) * q)));
    const a2 = av.map((ai, i) => f(f(ai * rho32) + f(gv[i]! * q)));
    const inc = gv.map((gi, i) => f(f(gi * lr32) / f(Math.sqrt(f((centered ? f(v2[i]! - f(a2[i]! * a2[i]!)) : v2[i]!) + e)))));
    const mom2 = mv.map((mi, i) => f(f(mi * mu) + inc[i]!));
    const p2 = pv.map((pi, i) => f(pi - (momentum ? mom2[i]! : inc[i]!)));
    expectExact(s.get(p!, 'float32', n), p2, 'p');
    expectExact(s.get(v!, 'float32', n), v2, 'v');
    expectExact(s.get(a!, 'float32', n), centered ? a2 : av, 'average gradient');
    expectExact(s.get(mom!, 'float32', n), momentum ? mom2 : mv, 'momentum');
  });

  it.each([1, 7, 1001])('adagradUpdate, adamaxUpdate and nadamUpdate over %i elements: bit-exact against float32 arithmetic', (n) => {
    const pv = uniform(n, -1, 1, 1);
    const gv = uniform(n, -1, 1, 2);
    const av = uniform(n, 0.1, 1, 3);
    const mv = uniform(n, -0.1, 0.1, 4);
    const uv = uniform(n, 0, 1, 5);
    const [lr, eps, b1, b2, t] = [0.01, 1e-7, 0.9, 0.999, 3];
    const put = (x: number[]): DataId => s.put('float32', x);

    const [p1, acc] = [put(pv), put(av)];
    backend.kernels.adagradUpdate!({ p: p1, g: put(gv), accumulator: acc, size: n, learningRate: lr, epsilon: eps });
    const acc2 = av.map((a, i) => f(a + f(gv[i]! * gv[i]!)));
    expectExact(s.get(acc, 'float32', n), acc2, 'adagrad accumulator');
    expectExact(s.get(p1, 'float32', n), pv.map((p, i) => f(p - f(f(gv[i]! * f(lr)) / f(Math.sqrt(f(acc2[i]! + f(eps))))))), 'adagrad p');

    const [p2, m2, u2] = [put(pv), put(mv), put(uv)];
    const beta1Power = b1 ** t;
    backend.kernels.adamaxUpdate!({ p: p2, g: put(gv), m: m2, u: u2, size: n, learningRate: lr, beta1: b1, beta2: b2, epsilon: eps, beta1Power });
    const mNew = mv.map((m, i) => f(m + f(f(gv[i]! - m) * f(1 - b1))));
    const uNew = uv.map((u, i) => Math.max(f(u * f(b2)), Math.abs(gv[i]!)));
    expectExact(s.get(m2, 'float32', n), mNew, 'adamax m');
    expectExact(s.get(u2, 'float32', n), uNew, 'adamax u');
    expectExact(s.get(p2, 'float32', n), pv.map((p, i) => f(p - f(f(mNew[i]! * f(lr)) / f(f(uNew[i]! + f(eps)) * f(1 - beta1Power))))), 'adamax p');

    const [p3, m3, v3] = [put(pv), put(mv), put(av)];
    const scales = { momentumScale: 0.37, gradientScale: 0.41, velocityScale: 1 - b2 ** t };
    backend.kernels.nadamUpdate!({ p: p3, g: put(gv), m: m3, v: v3, size: n, learningRate: lr, beta1: b1, beta2: b2, epsilon: eps, ...scales });
    const vNew = av.map((v, i) => f(v + f(f(f(gv[i]! * gv[i]!) - v) * f(1 - b2))));
    expectExact(s.get(m3, 'float32', n), mNew, 'nadam m');
    expectExact(s.get(v3, 'float32', n), vNew, 'nadam v');
    const mHat = mNew.map((m, i) => f(f(m * f(scales.momentumScale)) + f(gv[i]! * f(scales.gradientScale))));
    const vHat = vNew.map((v) => f(v / f(scales.velocityScale)));
    expectExact(s.get(p3, 'float32', n), pv.map((p, i) => f(p - f(f(mHat[i]! * f(lr)) / f(f(Math.sqrt(vHat[i]!)) + f(eps))))), 'nadam p');
  });

  const derivatives = {
    relu: (y: number, dy: number) => (y > 0 ? dy : 0),
    sigmoid: (y: number, dy: number) => dy * y * (1 - y),
    tanh: (y: number, dy: number) => dy * (1 - y * y),
  } as const;

  it.each(['relu', 'sigmoid', 'tanh'] as const)('activationGrad %s matches dy * f\'(x) from y, every length', (activation) => {
    for (const n of [0, 1, 3, 4, 7, 1027]) {
      const range = activation === 'relu' ? [-1, 1] : activation === 'sigmoid' ? [0, 1] : [-1, 1];
      // relu outputs are never negative: clamp, so that exact zeros appear.
      const yv = uniform(n, range[0]!, range[1]!, n + 1).map((v) => (activation === 'relu' ? Math.max(v, 0) : v));
      const dyv = uniform(n, -2, 2, n + 2);
      const [y, dy] = [yv, dyv].map((a) => s.put('float32', a));
      const out = s.out('float32', Math.max(n, 1));
      backend.kernels.activationGrad!({ activation, y: y!, dy: dy!, out, size: n });
      expectClose(s.get(out, 'float32', n), yv.map((v, i) => derivatives[activation](v, dyv[i]!)), 1e-6, 1, `${activation} n=${n}`);
    }
  });

  it.each(['relu', 'sigmoid', 'tanh'] as const)('activationBiasGrad %s: dz as activationGrad, and its column sums in float64 order within tolerance', (activation) => {
    for (const [rows, cols] of [[1, 1], [3, 5], [64, 16], [65, 19], [200, 4], [130, 37], [0, 3]] as const) {
      const n = rows * cols;
      const yv = uniform(n, -1, 1, n + 3).map((v) => (activation === 'relu' ? Math.max(v, 0) : activation === 'sigmoid' ? (v + 1) / 2 : v));
      const dyv = uniform(n, -2, 2, n + 4);
      const [y, dy] = [yv, dyv].map((a) => s.put('float32', a));
      const out = s.out('float32', Math.max(n, 1));
      const dbias = s.out('float32', cols);
      backend.kernels.activationBiasGrad!({ activation, y: y!, dy: dy!, out, dbias, rows, cols });
      const dz = yv.map((v, i) => derivatives[activation](v, dyv[i]!));
      expectClose(s.get(out, 'float32', n), dz, 1e-6, 1, `${activation} dz ${rows}x${cols}`);
      const sums = Array.from({ length: cols }, (_, c) => dz.reduce((acc, v, i) => (i % cols === c ? acc + v : acc), 0));
      const scales = Array.from({ length: cols }, (_, c) => dz.reduce((acc, v, i) => (i % cols === c ? acc + Math.abs(v) : acc), 0));
      expectClose(s.get(dbias, 'float32', cols), sums, 1e-6 * Math.sqrt(Math.max(rows, 1)), scales, `${activation} dbias ${rows}x${cols}`);
    }
  });

  it('activationGrad relu passes dy where y > 0 and gives 0 elsewhere, even for an infinite dy', () => {
    const y = s.put('float32', [0, 1, 0, 2, 0]);
    const dy = s.put('float32', [Infinity, -Infinity, NaN, NaN, -Infinity]);
    const out = s.out('float32', 5);
    backend.kernels.activationGrad!({ activation: 'relu', y, dy, out, size: 5 });
    expect(s.get(out, 'float32', 5)).toEqual([0, -Infinity, 0, NaN, 0]);
  });
});
