/**
 * Kernel-level test harness: the adapter on tfjs-core's CPU backend, buffers from plain
 * arrays, and a leak check around every kernel call.
 */
import { makeTypedArray, type Backend, type DataId, type DType, type KernelTable } from '@keras/core';
import { seededRandom } from '@keras/core/testing';
import { expect } from 'vitest';
import type { TfjsData } from '../src/holder.js';
import { createTfjsBackend } from '../src/index.js';
import { tfjsCpu } from './tfjs-cpu.js';

/** What a kernel test works with. */
export interface Harness {
  tf: Awaited<ReturnType<typeof tfjsCpu>>;
  backend: Backend;
  k: KernelTable;
  /** A buffer holding `values`. */
  put(values: ArrayLike<number>, dtype?: DType): DataId;
  /** An unwritten output buffer. */
  out(size: number, dtype?: DType): DataId;
  /** A buffer's values (synchronous read). */
  get(id: DataId): number[];
  /** Calls `call` twice and checks that tfjs holds as many tensors after the second call as after the first. */
  run(call: () => void): void;
}

/** A harness over a fresh adapter. */
export async function harness(): Promise<Harness> {
  const tf = await tfjsCpu();
  const backend = createTfjsBackend(tf);
  const put = (values: ArrayLike<number>, dtype: DType = 'float32'): DataId => {
    const typed = makeTypedArray(dtype, values.length);
    typed.set(values);
    const id = backend.alloc(dtype, values.length);
    backend.write(id, dtype, typed);
    return id;
  };
  return {
    tf, backend, k: backend.kernels as KernelTable, put,
    out: (size, dtype = 'float32') => backend.alloc(dtype, size),
    get: (id) => {
      const h = id as TfjsData;
      return Array.from(backend.readSync!(id, h.dtype, h.size));
    },
    run: (call) => {
      call();
      const live = tf.memory().numTensors;
      call();
      expect(tf.memory().numTensors).toBe(live);
    },
  };
}

/** `n` reproducible values in [-1, 1) for `seed`. */
export function randoms(n: number, seed: number): number[] {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, () => rand() * 2 - 1);
}

/** Checks `got` against `want` element-wise within `tol` relative (at least 1 as the scale). */
export function expectClose(got: readonly number[], want: readonly number[], tol = 1e-5): void {
  expect(got.length).toBe(want.length);
  const bad = want.findIndex((w, i) => !(Math.abs(got[i]! - w) <= tol * Math.max(1, Math.abs(w))));
  expect(bad === -1 ? null : `element ${bad}: got ${got[bad]}, want ${want[bad]}`).toBe(null);
}
