/**
 * The command ring of a threaded backend (src/pool/queue.ts): kernel calls
 * queued for the executor worker must run exactly as if called one by one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataId } from '@keras/core';
import type { WasmBackend } from '../src/backend.js';
import { createNodeWasmBackend } from '../src/node.js';
import { RING_SLOTS } from '../src/pool/protocol.mjs';
import { MAX_QUEUED_BYTES } from '../src/pool/queue.js';
import { Scratch, uniform } from './helpers.js';

/**
 * Queues a 256x256x256 product on an executor just woken (by a first product,
 * read back): it takes about a millisecond, so the calls queued right after it
 * are still waiting when the test's next JavaScript runs.
 */
function slowProduct(b: WasmBackend, s: Scratch): void {
  const a = s.put('float32', uniform(256 * 256, -1, 1, 9));
  const out = s.out('float32', 256 * 256);
  const product = (): void =>
    b.kernels.matmul!({ a, b: a, out, batch: 1, m: 256, n: 256, k: 256, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 });
  product();
  s.get(out, 'float32', 1);
  product();
}

/** x += 1 through the binary kernel (a record and a metadata block in the ring). */
function increment(b: WasmBackend, x: DataId, one: DataId, size: number): void {
  b.kernels.binary!({ op: 'add', a: x, b: one, out: x, aShape: [size], bShape: [], outShape: [size], dtype: 'float32' });
}

describe('the command ring', () => {
  let backend: WasmBackend;
  let s: Scratch;
  beforeAll(async () => {
    backend = await createNodeWasmBackend('simd', { threads: 2, minParallelFlops: 0 });
    s = new Scratch(backend);
  });
  afterAll(() => {
    s.dispose();
    backend.dispose();
  });

  it('runs calls in order across many turns of the ring, waiting for room when it is full', () => {
    const x = s.put('float32', [0, 10, 20]);
    const one = s.put('float32', [1]);
    // Each call takes at least 8 slots (record and metadata): 5 turns of the ring.
    const calls = Math.ceil((5 * RING_SLOTS) / 8);
    slowProduct(backend, s);
    for (let i = 0; i < calls; i++) increment(backend, x, one, 3);
    expect(s.get(x, 'float32', 3)).toEqual([calls, calls + 10, calls + 20]);
  });

  it('runs calls at once on an idle pool, without filling the ring with their metadata', async () => {
    const x = s.put('float32', [0, 10, 20]);
    const one = s.put('float32', [1]);
    // The executor sleeps after about 0.25 ms idle; calls then run on this thread.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const calls = Math.ceil((3 * RING_SLOTS) / 8);
    for (let i = 0; i < calls; i++) increment(backend, x, one, 3);
    expect(s.get(x, 'float32', 3)).toEqual([calls, calls + 10, calls + 20]);
  });

  it.each([
    ['a small upload (queued in the ring)', 1000],
    ['a large upload (written once the queue drains)', MAX_QUEUED_BYTES / 4 + 1],
  ])('orders %s after the calls queued before it', (_, size) => {
    const src = s.put('float32', uniform(size, -1, 1, 3));
    const before = s.get(src, 'float32', size);
    const dst = s.out('float32', size);
    slowProduct(backend, s);
    backend.kernels.copy!({ x: src, out: dst, size, dtype: 'float32' });
    backend.write(src, 'float32', new Float32Array(size).fill(2));
    increment(backend, src, s.put('float32', [1]), size);
    expect(s.get(dst, 'float32', size)).toEqual(before);
    expect(s.get(src, 'float32', size)).toEqual(new Array<number>(size).fill(3));
  });

  it('reads values as of the read: calls queued after it (in-place updates, a reuse of the freed buffer) do not change them', async () => {
    const one = s.put('float32', [1]);
    const x = s.put('float32', [1, 2, 3]);
    slowProduct(backend, s);
    increment(backend, x, one, 3);
    const first = backend.read(x, 'float32', 3);
    increment(backend, x, one, 3);
    const y = backend.alloc('float32', 3);
    backend.write(y, 'float32', new Float32Array([7, 8, 9]));
    const second = backend.read(y, 'float32', 3);
    backend.free(y);
    // The freed block is handed out again and overwritten by a queued call before either read is awaited.
    const z = backend.alloc('float32', 3);
    backend.kernels.fill!({ out: z, size: 3, value: -1, dtype: 'float32' });
    expect(Array.from(await first)).toEqual([2, 3, 4]);
    expect(Array.from(await second)).toEqual([7, 8, 9]);
    expect(s.get(x, 'float32', 3)).toEqual([3, 4, 5]);
    expect(s.get(z, 'float32', 3)).toEqual([-1, -1, -1]);
    backend.free(z);
  });

  it('reports a kernel that trapped (at the call, or at the next read when it was queued), then keeps working', () => {
    const x = s.put('float32', [5]);
    slowProduct(backend, s);
    // An address past the end of memory: the fill traps wherever it runs.
    expect(() => {
      backend.kernels.fill!({ out: 0xfffffff0, size: 64, value: 1, dtype: 'float32' });
      backend.readSync(x, 'float32', 1);
    }).toThrow(/queued kernel trapped|out of bounds/);
    backend.kernels.fill!({ out: x, size: 1, value: 4, dtype: 'float32' });
    expect(s.get(x, 'float32', 1)).toEqual([4]);
  });

  it('gives the same bits with and without asynchronous dispatch, and dispose waits for queued calls', async () => {
    const sync = await createNodeWasmBackend('simd', { threads: 2, minParallelFlops: 0, asyncDispatch: false });
    const run = (b: WasmBackend): number[] => {
      const t = new Scratch(b);
      const a = t.put('float32', uniform(96 * 200, -1, 1, 1));
      const w = t.put('float32', uniform(200 * 64, -1, 1, 2));
      const h = t.out('float32', 96 * 64);
      b.kernels.matmul!({ a, b: w, out: h, batch: 1, m: 96, n: 64, k: 200, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0, activation: 'relu' });
      const p = t.out('float32', 96 * 64);
      b.kernels.softmax!({ x: h, out: p, outer: 96, axisSize: 64 });
      b.dispose(); // queued work finishes first; the backend then runs on one thread
      const got = t.get(p, 'float32', 96 * 64);
      t.dispose();
      return got;
    };
    const queued = await createNodeWasmBackend('simd', { threads: 2, minParallelFlops: 0 });
    expect(run(queued)).toEqual(run(sync));
  });
});
