import { describe, expect, it } from 'vitest';
import { Arena, sizeClass } from '../src/arena.js';
import { backendFor, Scratch, uniform, expectExact } from './helpers.js';

describe('arena', () => {
  it('rounds sizes to 64-byte classes spaced four per power of two', () => {
    expect([0, 1, 64, 65, 128, 129, 256, 257, 1000, 1025, 4096].map(sizeClass)).toEqual([
      64, 64, 64, 128, 128, 192, 256, 320, 1024, 1280, 4096,
    ]);
    for (let b = 1; b < 100000; b += 977) {
      const c = sizeClass(b);
      expect(c % 64).toBe(0);
      expect(c).toBeGreaterThanOrEqual(b);
      expect(c).toBeLessThanOrEqual(Math.max(64, b * 1.25 + 64));
    }
  });

  it('reuses freed blocks of the same class', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const arena = new Arena(memory, 100);
    const a = arena.alloc(1000);
    expect(a % 64).toBe(0);
    expect(a).toBeGreaterThanOrEqual(100);
    const b = arena.alloc(1000);
    arena.free(a);
    expect(arena.alloc(900)).toBe(a);
    expect(arena.usage()).toEqual({ blocks: 2, bytes: 1900 });
    arena.free(b);
    expect(() => arena.free(b)).toThrow(/unknown buffer/);
  });

  it('grows the memory and keeps old contents', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const arena = new Arena(memory, 0);
    const a = arena.alloc(16);
    new Uint8Array(memory.buffer, a, 4).set([1, 2, 3, 4]);
    const big = arena.alloc(3 * 65536);
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(big + 3 * 65536);
    expect(Array.from(new Uint8Array(memory.buffer, a, 4))).toEqual([1, 2, 3, 4]);
  });
});

describe('backend memory', () => {
  it('allocating and freeing in a loop keeps memory() flat', async () => {
    const backend = await backendFor('simd');
    const before = backend.memory();
    const s = new Scratch(backend);
    for (let step = 0; step < 50; step++) {
      const a = s.put('float32', uniform(1000, -1, 1, step));
      const out = s.out('float32', 1000);
      backend.kernels.unary!({ op: 'exp', x: a, out, size: 1000, dtype: 'float32' });
      const mm = s.out('float32', 100 * 10);
      backend.kernels.matmul!({ a, b: out, out: mm, batch: 1, m: 100, n: 10, k: 10, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 });
      expect(backend.memory()).toEqual({ buffers: before.buffers + 3, bytes: before.bytes + 3 * 4000 });
      s.dispose();
      expect(backend.memory()).toEqual(before);
    }
  });

  it('grows past 64 MiB and keeps earlier buffers intact', async () => {
    const backend = await backendFor('simd');
    const s = new Scratch(backend);
    const small = uniform(37, -1, 1, 1);
    const early = s.put('float32', small);
    const n = 20 * 1024 * 1024; // 80 MiB of float32
    const big = s.out('float32', n);
    backend.kernels.fill!({ out: big, size: n, value: 3, dtype: 'float32' });
    const tail = backend.readSync(big, 'float32', n);
    expect(tail[0]).toBe(3);
    expect(tail[n - 1]).toBe(3);
    expectExact(s.get(early, 'float32', 37), small);
    const copy = s.out('float32', 37);
    backend.kernels.copy!({ x: early, out: copy, size: 37, dtype: 'float32' });
    expectExact(s.get(copy, 'float32', 37), small);
    expect(backend.memory().bytes).toBeGreaterThanOrEqual(n * 4);
    s.dispose();
    expect(backend.memory()).toEqual({ buffers: 0, bytes: 0 });
  });

  it('read returns a copy that later writes do not change', async () => {
    const backend = await backendFor('simd');
    const id = backend.alloc('int32', 3);
    backend.write(id, 'int32', Int32Array.from([1, 2, 3]));
    const first = await backend.read(id, 'int32', 3);
    backend.write(id, 'int32', Int32Array.from([4, 5, 6]));
    expect(Array.from(first)).toEqual([1, 2, 3]);
    expect(Array.from(backend.readSync(id, 'int32', 3))).toEqual([4, 5, 6]);
    backend.free(id);
  });
});
