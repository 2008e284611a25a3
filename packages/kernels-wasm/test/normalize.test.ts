import { describe, expect, it } from 'vitest';
import type { DataId } from '@keras/core';
import type { WasmBackend } from '../src/backend.js';
import { createNodeWasmBackend } from '../src/node.js';
import { expectClose, expectExact, Scratch, uniform, VARIANTS, useVariantBackend } from './helpers.js';

type Kind = 'layer' | 'batch';

/** Which of gamma and beta a case passes. */
const AFFINE = [
  { gamma: true, beta: true },
  { gamma: false, beta: false },
  { gamma: true, beta: false },
] as const;

/** Rows x cols: single elements, SIMD tails, several 64-row chunks with a short last one. */
const SHAPES = [[1, 1], [3, 5], [2, 8], [4, 33], [130, 7], [67, 64]] as const;

/** Float64 statistics of x [rows, cols]: per row (layer) or per column (batch). */
function statsRef(kind: Kind, x: number[], rows: number, cols: number): { mean: number[]; variance: number[] } {
  const groups = kind === 'layer' ? rows : cols;
  const count = kind === 'layer' ? cols : rows;
  const at = (g: number, i: number): number => (kind === 'layer' ? x[g * cols + i]! : x[i * cols + g]!);
  const mean: number[] = [];
  const variance: number[] = [];
  for (let g = 0; g < groups; g++) {
    let m = 0;
    for (let i = 0; i < count; i++) m += at(g, i);
    m /= count;
    let v = 0;
    for (let i = 0; i < count; i++) v += (at(g, i) - m) ** 2;
    mean.push(m);
    variance.push(v / count);
  }
  return { mean, variance };
}

/** The group (statistics index) of element (r, c). */
const groupOf = (kind: Kind, r: number, c: number): number => (kind === 'layer' ? r : c);

/**
 * Float64 forward and gradient: y = xh gamma + beta with xh = (x - mean) inv; with g = dy gamma,
 * dx = inv (g - mean(g) - xh mean(g xh)) over each group; dgamma = sum over rows of dy xh, dbeta = sum of dy.
 * Also returns error scales of dx and the sums of |terms| of dgamma and dbeta.
 */
function normRef(kind: Kind, x: number[], dy: number[], gamma: number[] | null, beta: number[] | null, rows: number, cols: number, eps: number) {
  const { mean, variance } = statsRef(kind, x, rows, cols);
  const inv = variance.map((v) => 1 / Math.sqrt(v + eps));
  const xh = x.map((v, i) => {
    const g = groupOf(kind, Math.floor(i / cols), i % cols);
    return (v - mean[g]!) * inv[g]!;
  });
  const y = xh.map((v, i) => v * (gamma?.[i % cols] ?? 1) + (beta?.[i % cols] ?? 0));
  const g = dy.map((v, i) => v * (gamma?.[i % cols] ?? 1));
  const groups = mean.length;
  const meanG = new Array<number>(groups).fill(0);
  const meanGx = new Array<number>(groups).fill(0);
  const count = kind === 'layer' ? cols : rows;
  g.forEach((v, i) => {
    const k = groupOf(kind, Math.floor(i / cols), i % cols);
    meanG[k]! += v / count;
    meanGx[k]! += (v * xh[i]!) / count;
  });
  const dx = g.map((v, i) => {
    const k = groupOf(kind, Math.floor(i / cols), i % cols);
    return inv[k]! * (v - meanG[k]! - xh[i]! * meanGx[k]!);
  });
  // dx's error scale: its terms, and float32's rounding of x - mean (relative to |x|) carried by inv^2 mean(g xh).
  const dxScale = g.map((v, i) => {
    const k = groupOf(kind, Math.floor(i / cols), i % cols);
    return inv[k]! * (Math.abs(v) + Math.abs(meanG[k]!) + Math.abs(xh[i]! * meanGx[k]!) + inv[k]! * Math.abs(x[i]! * meanGx[k]!));
  });
  const dgamma = new Array<number>(cols).fill(0);
  const dbeta = new Array<number>(cols).fill(0);
  const dgammaScale = new Array<number>(cols).fill(0);
  const dbetaScale = new Array<number>(cols).fill(0);
  dy.forEach((v, i) => {
    dgamma[i % cols]! += v * xh[i]!;
    dbeta[i % cols]! += v;
    dgammaScale[i % cols]! += Math.abs(v * xh[i]!);
    dbetaScale[i % cols]! += Math.abs(v);
  });
  return { y, mean, variance, dx, dxScale, dgamma, dbeta, dgammaScale, dbetaScale };
}

/** Runs the forward and gradient kernels of `kind` and reads every output. */
function runNorm(backend: WasmBackend, kind: Kind, xv: number[], dyv: number[], gammaV: number[] | null, betaV: number[] | null, rows: number, cols: number, epsilon: number) {
  const s = new Scratch(backend);
  const stats = kind === 'layer' ? rows : cols;
  const x = s.put('float32', xv);
  const dy = s.put('float32', dyv);
  const gamma = gammaV ? s.put('float32', gammaV) : null;
  const beta = betaV ? s.put('float32', betaV) : null;
  const [out, dx] = [s.out('float32', rows * cols), s.out('float32', rows * cols)];
  const [mean, variance] = [s.out('float32', stats), s.out('float32', stats)];
  const dgamma: DataId | null = gamma && s.out('float32', cols);
  const dbeta: DataId | null = beta && s.out('float32', cols);
  const k = backend.kernels;
  (kind === 'layer' ? k.layerNorm! : k.batchNorm!)({ x, gamma, beta, out, mean, variance, rows, cols, epsilon });
  (kind === 'layer' ? k.layerNormGrad! : k.batchNormGrad!)({ x, dy, gamma, mean, variance, dx, dgamma, dbeta, rows, cols, epsilon });
  const read = (id: DataId | null, n: number): number[] | null => (id === null ? null : s.get(id, 'float32', n));
  const got = {
    y: read(out, rows * cols)!, mean: read(mean, stats)!, variance: read(variance, stats)!, dx: read(dx, rows * cols)!,
    dgamma: read(dgamma, cols), dbeta: read(dbeta, cols),
  };
  s.dispose();
  return got;
}

describe.each(VARIANTS)('normalization kernels (%s)', (variant) => {
  let backend: WasmBackend;
  useVariantBackend(variant, (b) => {
    backend = b;
  });

  describe.each(['layer', 'batch'] as const)('%s norm', (kind) => {
    it.each(SHAPES.flatMap(([rows, cols]) => AFFINE.map((a) => [rows, cols, a.gamma, a.beta] as const)))(
      '[%i, %i] gamma %s beta %s: forward and gradients match float64',
      (rows, cols, withGamma, withBeta) => {
        const seed = rows * 1000 + cols;
        // An offset mean checks that the variance is taken around the mean, not from raw squares.
        const xv = uniform(rows * cols, 2, 4, seed);
        const dyv = uniform(rows * cols, -1, 1, seed + 1);
        const gammaV = withGamma ? uniform(cols, 0.5, 1.5, seed + 2) : null;
        const betaV = withBeta ? uniform(cols, -1, 1, seed + 3) : null;
        const eps = 1e-3;
        const got = runNorm(backend, kind, xv, dyv, gammaV, betaV, rows, cols, eps);
        const want = normRef(kind, xv, dyv, gammaV, betaV, rows, cols, Math.fround(eps));
        expectClose(got.mean, want.mean, 1e-6, 0, 'mean');
        expectClose(got.variance, want.variance, 1e-5, 1e-2, 'variance');
        expectClose(got.y, want.y, 1e-5, 1, 'y');
        expectClose(got.dx, want.dx, 1e-5, want.dxScale, 'dx');
        if (withGamma) expectClose(got.dgamma!, want.dgamma, 1e-5, want.dgammaScale, 'dgamma');
        if (withBeta) expectClose(got.dbeta!, want.dbeta, 1e-5, want.dbetaScale, 'dbeta');
      },
    );
  });

  it.each(SHAPES.flatMap(([rows, cols]) => AFFINE.map((a) => [rows, cols, a.gamma, a.beta] as const)))(
    'batchNormInference [%i, %i] gamma %s beta %s matches float64 with the given statistics',
    (rows, cols, withGamma, withBeta) => {
      const seed = rows * 1000 + cols + 7;
      const xv = uniform(rows * cols, -2, 2, seed);
      const meanV = uniform(cols, -1, 1, seed + 1);
      const varianceV = uniform(cols, 0.1, 2, seed + 2);
      const gammaV = withGamma ? uniform(cols, 0.5, 1.5, seed + 3) : null;
      const betaV = withBeta ? uniform(cols, -1, 1, seed + 4) : null;
      const s = new Scratch(backend);
      const out = s.out('float32', rows * cols);
      backend.kernels.batchNormInference!({
        x: s.put('float32', xv), gamma: gammaV && s.put('float32', gammaV), beta: betaV && s.put('float32', betaV), out,
        mean: s.put('float32', meanV), variance: s.put('float32', varianceV), rows, cols, epsilon: 1e-3,
      });
      const want = xv.map((v, i) => {
        const c = i % cols;
        return ((v - meanV[c]!) / Math.sqrt(varianceV[c]! + Math.fround(1e-3))) * (gammaV?.[c] ?? 1) + (betaV?.[c] ?? 0);
      });
      expectClose(s.get(out, 'float32', rows * cols), want, 1e-5, 1, 'y');
      s.dispose();
    },
  );

  it('a constant row (layer) or column (batch) normalizes to beta, with finite gradients', () => {
    const [rows, cols] = [5, 6];
    const xv = new Array<number>(rows * cols).fill(3);
    const dyv = uniform(rows * cols, -1, 1, 9);
    const betaV = uniform(cols, -1, 1, 10);
    for (const kind of ['layer', 'batch'] as const) {
      const got = runNorm(backend, kind, xv, dyv, uniform(cols, 0.5, 1.5, 11), betaV, rows, cols, 1e-3);
      expectClose(got.y, xv.map((_, i) => betaV[i % cols]!), 1e-6, 1, `${kind} y`);
      expect(got.dx.every(Number.isFinite), `${kind} dx finite`).toBe(true);
      expectClose(got.variance, new Array<number>(got.variance.length).fill(0), 0, 0, `${kind} variance`);
    }
  });
});

describe('normalization results do not depend on the thread count (plain SIMD)', () => {
  it.each(['layer', 'batch'] as const)('%s norm forward and gradients, 1 vs 2 threads at the default split threshold', async (kind) => {
    const [one, two] = await Promise.all([createNodeWasmBackend('simd', { threads: 1 }), createNodeWasmBackend('simd', { threads: 2 })]);
    // 77K elements: above the element-wise threshold, so two threads really split the work.
    const [rows, cols] = [300, 257];
    const args = [uniform(rows * cols, -2, 2, 1), uniform(rows * cols, -1, 1, 2), uniform(cols, 0.5, 1.5, 3), uniform(cols, -1, 1, 4)] as const;
    const a = runNorm(one, kind, ...args, rows, cols, 1e-3);
    const b = runNorm(two, kind, ...args, rows, cols, 1e-3);
    for (const key of ['y', 'mean', 'variance', 'dx', 'dgamma', 'dbeta'] as const) expectExact(b[key]!, a[key]!, `${kind} ${key}`);
    two.dispose();
  });
});
