import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ops, random, tidy, useBackend, valueAndGradients, Variable, type Tensor } from '@keras/core';
import type { WasmBackend } from '../src/backend.js';
import { createNodeWasmBackend } from '../src/node.js';
import { expectExact, Scratch, uniform } from './helpers.js';

describe('the worker pool', () => {
  it('reports its variant and thread count, and falls back to one thread on dispose', async () => {
    const backend = await createNodeWasmBackend('simd', { threads: 2 });
    expect(backend.info()).toEqual({ variant: 'threads', simd: true, relaxedSimd: false, threads: 2 });
    backend.dispose();
    expect(backend.info()['threads']).toBe(1);
    const id = backend.alloc('float32', 1);
    backend.write(id, 'float32', Float32Array.from([-3]));
    backend.kernels.unary!({ op: 'abs', x: id, out: id, size: 1, dtype: 'float32' });
    expect(Array.from(backend.readSync(id, 'float32', 1))).toEqual([3]);
    const single = await createNodeWasmBackend('relaxed', { threads: 1 });
    expect(single.info()).toEqual({ variant: 'relaxed', simd: true, relaxedSimd: true, threads: 1 });
  });

  it('defaults to min(4, available cores) threads', async () => {
    const backend = await createNodeWasmBackend();
    expect(backend.info()['threads']).toBe(Math.min(4, availableParallelism()));
    backend.dispose();
  });

  it('does not keep the process alive', async () => {
    const entry = fileURLToPath(new URL('../dist/node.js', import.meta.url));
    const script = `
      const { createNodeWasmBackend } = await import(${JSON.stringify(entry)});
      const b = await createNodeWasmBackend('simd', { threads: 2, minParallelFlops: 0 });
      const id = b.alloc('float32', 64 * 64);
      b.kernels.matmul({ a: id, b: id, out: id, batch: 1, m: 64, n: 64, k: 64, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 });
      console.log(b.info().threads);`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 20000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    expect(out.trim()).toBe('2');
  });
});

describe('results do not depend on the thread count (plain SIMD)', () => {
  let one: WasmBackend;
  let two: WasmBackend;
  beforeAll(async () => {
    one = await createNodeWasmBackend('simd', { threads: 1 });
    two = await createNodeWasmBackend('simd', { threads: 2 });
  });
  afterAll(() => two.dispose());

  /** Runs `kernel` on both backends over the same inputs and returns both outputs. */
  function both(inputs: number[][], outSize: number, kernel: (b: WasmBackend, ids: number[], out: number) => void): [number[], number[]] {
    return [one, two].map((backend) => {
      const s = new Scratch(backend);
      const ids = inputs.map((v) => s.put('float32', v) as number);
      const out = s.out('float32', outSize) as number;
      kernel(backend, ids, out);
      const got = s.get(out, 'float32', outSize);
      s.dispose();
      return got;
    }) as [number[], number[]];
  }

  it.each([
    [96, 200, 300, false, false], [96, 200, 300, true, false], [96, 200, 300, false, true], [61, 45, 2500, true, true],
    // One depth chunk per thread (gemm-depth.ts splitsDepth): the chunks' partial products added in order.
    [96, 200, 784, false, false], [96, 200, 784, true, false], [96, 200, 784, false, true], [61, 67, 1000, true, true],
    // Few rows, B read in place (gemv.ts) in column tiles.
    [3, 300, 1000, false, false], [3, 300, 1000, true, false],
  ])('matmul %i x %i x %i (transA %s, transB %s), with bias and relu', (m, n, k, transA, transB) => {
    const [a, b] = both([uniform(m * k, -1, 1, 1), uniform(k * n, -1, 1, 2), uniform(n, -1, 1, 3)], m * n, (be, [x, w, bias], out) =>
      be.kernels.matmul!({ a: x!, b: w!, out, batch: 1, m, n, k, transA, transB, aBatchStride: 0, bBatchStride: 0, bias: bias!, activation: 'relu' }),
    );
    expectExact(b, a, 'matmul');
  });

  // Three and four threads split a product of three and four depth chunks: several partial products, added in order.
  it.each([[3, 1500], [4, 2000]])('matmul split along its depth on %i threads (k %i) matches one thread', async (threads, k) => {
    const many = await createNodeWasmBackend('simd', { threads, minParallelFlops: 0 });
    const [m, n] = [18, 64];
    const inputs = [uniform(m * k, -1, 1, 21), uniform(k * n, -1, 1, 22), uniform(n, -1, 1, 23)];
    const [a, b] = [one, many].map((backend) => {
      const s = new Scratch(backend);
      const [x, w, bias] = inputs.map((v) => s.put('float32', v) as number);
      const out = s.out('float32', m * n) as number;
      backend.kernels.matmul!({ a: x!, b: w!, out, batch: 1, m, n, k, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0, bias: bias!, activation: 'relu' });
      const got = s.get(out, 'float32', m * n);
      s.dispose();
      return got;
    });
    many.dispose();
    expectExact(b!, a!, `matmul on ${threads} threads`);
  });

  // im2col + GEMM; and Winograd F(4x4, 3x3) in several blocks of tiles (forward and input gradient).
  it.each([
    ['im2col', { batch: 6, inH: 14, inW: 13, inC: 5, outH: 14, outW: 13, outC: 12, padTop: 1, padLeft: 1 }],
    ['Winograd', { batch: 20, inH: 13, inW: 11, inC: 16, outH: 11, outW: 9, outC: 20, padTop: 0, padLeft: 0 }],
  ])('conv2d and both gradients (%s)', (_name, shape) => {
    const g = { ...shape, kH: 3, kW: 3, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1 };
    const xs = g.batch * g.inH * g.inW * g.inC;
    const ws = g.kH * g.kW * g.inC * g.outC;
    const ys = g.batch * g.outH * g.outW * g.outC;
    const inputs = [uniform(xs, -1, 1, 4), uniform(ws, -1, 1, 5), uniform(ys, -1, 1, 6)];
    const [f1, f2] = both(inputs, ys, (be, [x, w], out) => be.kernels.conv2d!({ ...g, x: x!, filter: w!, out }));
    expectExact(f2, f1, 'conv2d');
    const [i1, i2] = both(inputs, xs, (be, [, w, dy], dx) => be.kernels.conv2dBackpropInput!({ ...g, dy: dy!, filter: w!, dx }));
    expectExact(i2, i1, 'conv2dBackpropInput');
    const [w1, w2] = both(inputs, ws, (be, [x, , dy], dw) => be.kernels.conv2dBackpropFilter!({ ...g, x: x!, dy: dy!, dw }));
    expectExact(w2, w1, 'conv2dBackpropFilter');
  });

  it('a seeded conv + dense training run gives bit-identical weights on 1 and 2 threads', async () => {
    const split = await createNodeWasmBackend('simd', { threads: 2, minParallelFlops: 0 });
    const train = (backend: WasmBackend): number[][] => {
      useBackend(backend);
      const params = [
        new Variable(random.normal([3, 3, 1, 16], { seed: 1, stddev: 0.3 })),
        new Variable(random.normal([16], { seed: 2, stddev: 0.1 })),
        new Variable(random.normal([5 * 5 * 16, 32], { seed: 3, stddev: 0.1 })),
        new Variable(random.normal([32], { seed: 4, stddev: 0.1 })),
        new Variable(random.normal([32, 10], { seed: 5, stddev: 0.2 })),
      ];
      const x = random.uniform([16, 12, 12, 1], { seed: 6 });
      const y = ops.oneHot(ops.cast(ops.floor(random.uniform([16], { seed: 7, maxval: 10 })), 'int32'), 10);
      const [filter, convBias, w1, b1, w2] = params as [Variable, Variable, Variable, Variable, Variable];
      for (let step = 0; step < 4; step++) {
        tidy(() => {
          const { grads } = valueAndGradients(() => {
            let h: Tensor = ops.fusedConv(x, filter, { bias: convBias, activation: 'relu' });
            h = ops.reshape(ops.maxPool(h, 2), [16, -1]);
            h = ops.matmulT(h, w1, { bias: b1, activation: 'relu' });
            return ops.mean(ops.categoricalCrossentropy(y, ops.matmul(h, w2), { fromLogits: true }));
          }, params);
          params.forEach((p, i) => p.assign(ops.subtract(p, ops.multiply(grads[i]!, 0.5))));
        });
      }
      return params.map((p) => Array.from(p.dataSync()));
    };
    const a = train(one);
    const b = train(split);
    split.dispose();
    a.forEach((w, i) => expectExact(b[i]!, w, `param ${i}`));
  });
});
