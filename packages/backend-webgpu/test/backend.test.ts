/**
 * What the conformance suite does not reach: dispatch splitting past 65535
 * workgroups, batching past one batch, buffer reuse and the write-ordering hazard it
 * creates, shape-independent pipeline keys, bool storage, matmul tiles and variants
 * at sizes beyond one tile, deterministic scatterAdd, and the errors.
 */
import type { DataId, DType, TypedArray } from '@keras/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebGPUBackend, type WebGPUBackend } from '../src/index.js';
import { GPUTensorData } from '../src/context.js';
import { createNodeWebGPUBackend } from '../src/node.js';
import { noNodeWebGPU } from './node-gpu.js';

describe.skipIf(noNodeWebGPU !== null)('webgpu backend (Dawn, Node)', () => {
  let gpu: WebGPUBackend;
  beforeAll(async () => {
    gpu = await createNodeWebGPUBackend();
  });
  afterAll(() => gpu.dispose());

  const upload = (dtype: DType, values: TypedArray): DataId => {
    const id = gpu.alloc(dtype, values.length);
    gpu.write(id, dtype, values);
    return id;
  };
  const k = () => gpu.kernels as Required<typeof gpu.kernels>;

  it('splits a dispatch over more than 65535 workgroups across the grid', async () => {
    const size = 65535 * 256 + 1000;
    const x = upload('int32', Int32Array.from({ length: size }, (_, i) => i));
    const out = gpu.alloc('int32', size);
    k().unary({ op: 'neg', x, out, size, dtype: 'int32' });
    const got = (await gpu.read(out, 'int32', size)) as Int32Array;
    let wrong = 0;
    for (let i = 0; i < size; i++) if (got[i] !== -i) wrong++;
    expect(wrong).toBe(0);
    gpu.free(x);
    gpu.free(out);
  });

  it('runs more dispatches than one batch holds, in order', async () => {
    const acc = upload('float32', new Float32Array([0, 0]));
    const one = upload('float32', new Float32Array([1, 2]));
    const tmp = gpu.alloc('float32', 2);
    for (let i = 0; i < 300; i++) {
      k().binary({ op: 'add', a: acc, b: one, out: tmp, aShape: [2], bShape: [2], outShape: [2], dtype: 'float32' });
      k().copy({ x: tmp, out: acc, size: 2, dtype: 'float32' });
    }
    expect(Array.from(await gpu.read(acc, 'float32', 2))).toEqual([300, 600]);
    [acc, one, tmp].forEach((id) => gpu.free(id));
  });

  it('reuses a freed buffer of the same size bucket, and orders a write to it after pending reads', async () => {
    const x = upload('float32', new Float32Array([1, 2, 3]));
    const y = gpu.alloc('float32', 3);
    k().unary({ op: 'neg', x, out: y, size: 3, dtype: 'float32' }); // encoded, not yet submitted
    const buffer = (x as GPUTensorData).pooled.buffer;
    gpu.free(x);
    const z = gpu.alloc('float32', 3);
    expect((z as GPUTensorData).pooled.buffer).toBe(buffer);
    gpu.write(z, 'float32', new Float32Array([10, 20, 30]));
    expect(Array.from(await gpu.read(y, 'float32', 3))).toEqual([-1, -2, -3]);
    expect(Array.from(await gpu.read(z, 'float32', 3))).toEqual([10, 20, 30]);
    gpu.free(y);
    gpu.free(z);
  });

  it('reports live buffers and bytes, flat across alloc/free cycles', () => {
    const before = gpu.memory();
    for (let i = 0; i < 5; i++) gpu.free(gpu.alloc('float32', 1000));
    const id = gpu.alloc('bool', 10);
    expect(gpu.memory().buffers).toBe(before.buffers + 1);
    expect(gpu.memory().bytes).toBeGreaterThanOrEqual(before.bytes + 40);
    gpu.free(id);
    expect(gpu.memory()).toEqual(before);
  });

  it('keys programs by op and dtype, not by shape', () => {
    const run = (shape: number[]): void => {
      const n = shape.reduce((a, b) => a * b, 1);
      const a = upload('float32', new Float32Array(n).fill(1));
      const out = gpu.alloc('float32', n);
      k().binary({ op: 'mul', a, b: a, out, aShape: shape, bShape: shape, outShape: shape, dtype: 'float32' });
      gpu.free(a);
      gpu.free(out);
    };
    run([3]);
    const compiled = gpu.info().pipelines;
    run([5, 7]);
    run([2, 3, 4, 5]);
    expect(gpu.info().pipelines).toBe(compiled);
  });

  it('stores bool as one byte per element on the host side', async () => {
    const b = upload('bool', new Uint8Array([1, 0, 1, 1, 0]));
    const out = gpu.alloc('bool', 5);
    k().unary({ op: 'logicalNot', x: b, out, size: 5, dtype: 'bool' });
    const got = await gpu.read(out, 'bool', 5);
    expect(got).toBeInstanceOf(Uint8Array);
    expect(Array.from(got)).toEqual([0, 1, 0, 0, 1]);
    gpu.free(b);
    gpu.free(out);
  });

  describe('matmul beyond one tile', () => {
    const ACT = { linear: (v: number) => v, relu: (v: number) => Math.max(v, 0), sigmoid: (v: number) => 1 / (1 + Math.exp(-v)), tanh: Math.tanh };
    const cases: [number, number, number, boolean, boolean, keyof typeof ACT][] = [
      [67, 70, 129, false, false, 'linear'], [68, 72, 128, false, false, 'relu'], [67, 70, 129, true, true, 'sigmoid'],
      [68, 72, 128, true, false, 'tanh'], [33, 5, 64, false, true, 'linear'], [1, 97, 3, true, true, 'relu'],
    ];
    for (const [m, n, kk, transA, transB, activation] of cases) {
      it(`${m}x${kk} @ ${kk}x${n}${transA ? ' transA' : ''}${transB ? ' transB' : ''} + bias, ${activation}, batch 2 (B broadcast)`, async () => {
        const rand = (len: number, seed: number) => Float32Array.from({ length: len }, (_, i) => Math.sin(i * 12.9898 + seed) * 0.5);
        const A = rand(2 * m * kk, 1);
        const B = rand(kk * n, 2);
        const bias = rand(n, 3);
        const a = upload('float32', A);
        const b = upload('float32', B);
        const biasId = upload('float32', bias);
        const out = gpu.alloc('float32', 2 * m * n);
        k().matmul({ a, b, out, batch: 2, m, n, k: kk, transA, transB, aBatchStride: m * kk, bBatchStride: 0, bias: biasId, activation });
        const got = await gpu.read(out, 'float32', 2 * m * n);
        let worst = 0;
        for (let bi = 0; bi < 2; bi++) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
          let s = bias[j]!;
          for (let q = 0; q < kk; q++) {
            const av = A[bi * m * kk + (transA ? q * m + i : i * kk + q)]!;
            const bv = B[transB ? j * kk + q : q * n + j]!;
            s += av * bv;
          }
          worst = Math.max(worst, Math.abs(got[bi * m * n + i * n + j]! - ACT[activation](s)));
        }
        expect(worst).toBeLessThan(1e-5 * Math.sqrt(kk) * 4);
        [a, b, biasId, out].forEach((id) => gpu.free(id));
      });
    }
  });

  it('scatterAdd is deterministic: duplicate indices sum in index order, bit-identical run to run', async () => {
    const numIndices = 5000;
    const inner = 3;
    const indices = upload('int32', Int32Array.from({ length: numIndices }, (_, i) => (i * 7919) % 13 - 6));
    const updates = upload('float32', Float32Array.from({ length: numIndices * inner }, (_, i) => Math.sin(i) * 1e3));
    const outs = [gpu.alloc('float32', 13 * inner), gpu.alloc('float32', 13 * inner)];
    for (const out of outs) k().scatterAdd({ updates, indices, out, outer: 1, axisSize: 13, inner, numIndices });
    const [first, second] = await Promise.all(outs.map((o) => gpu.read(o, 'float32', 13 * inner)));
    expect(Array.from(second!)).toEqual(Array.from(first!));
    const want = new Float32Array(13 * inner);
    const u = Float32Array.from({ length: numIndices * inner }, (_, i) => Math.sin(i) * 1e3);
    for (let i = 0; i < numIndices; i++) {
      const raw = (i * 7919) % 13 - 6;
      const t = raw < 0 ? raw + 13 : raw;
      for (let j = 0; j < inner; j++) want[t * inner + j] = Math.fround(want[t * inner + j]! + u[i * inner + j]!);
    }
    expect(Array.from(first!)).toEqual(Array.from(want));
    [indices, updates, ...outs].forEach((id) => gpu.free(id));
  });

  it('names the limit and the size when a tensor exceeds the device', () => {
    const limit = gpu.device.limits.maxStorageBufferBindingSize;
    const elements = Math.floor(limit / 4) + 1;
    expect(() => gpu.alloc('float32', elements)).toThrow(`float32 tensor of ${elements} elements needs ${elements * 4} bytes`);
    expect(() => gpu.alloc('float32', elements)).toThrow('maxStorageBufferBindingSize');
  });

  it('fails clearly once its device is gone', async () => {
    const doomed = await createNodeWebGPUBackend();
    const id = doomed.alloc('float32', 4);
    doomed.dispose();
    await doomed.device.lost;
    expect(() => doomed.alloc('float32', 4)).toThrow('the device was destroyed');
    await expect(doomed.read(id, 'float32', 4)).rejects.toThrow('tensors on the \'webgpu\' backend are gone');
  });
});

describe('webgpu backend errors without a GPU', () => {
  it('says what to enable when there is no navigator.gpu', async () => {
    await expect(createWebGPUBackend()).rejects.toThrow('navigator.gpu is undefined');
  });

  it('says what to install when no adapter is found', async () => {
    const gpu = { requestAdapter: async () => null } as unknown as GPU;
    await expect(createWebGPUBackend({ gpu })).rejects.toThrow(/no adapter.*apt-get install libvulkan1 chromium-common/);
  });
});
