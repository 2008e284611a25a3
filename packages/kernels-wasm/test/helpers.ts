/**
 * Test helpers: a backend per build and thread count, typed read/write shortcuts,
 * a seeded random source, float64 reference helpers and tolerance checks.
 */
import { readFileSync } from 'node:fs';
import type { DataId, DType, TypedArray } from '@keras/core';
import { createWasmBackend, type WasmBackend } from '../src/backend.js';
import type { KernelsVariant } from '../src/loader.js';
import { spawnNodeWorker } from '../src/pool/spawn-node.js';
import { afterAll, beforeAll, expect } from 'vitest';

/** The four builds. */
export const BUILDS = ['simd', 'relaxed', 'threads', 'relaxed-threads'] as const satisfies readonly KernelsVariant[];
/** A build name. */
export type Build = (typeof BUILDS)[number];

/**
 * The backends every kernel test runs on: each build on one thread, and the
 * threaded builds on two threads with every kernel split into tiles
 * (minParallelFlops 0), so the tiling is exercised even on tiny shapes.
 */
export const VARIANTS = ['simd', 'relaxed', 'threads', 'threads x2', 'relaxed-threads x2'] as const;
/** A backend configuration: a build name, with ' x2' for two threads. */
export type Variant = (typeof VARIANTS)[number];

const FILES: Record<Build, string> = {
  simd: 'kernels.wasm',
  relaxed: 'kernels-relaxed.wasm',
  threads: 'kernels-mt.wasm',
  'relaxed-threads': 'kernels-relaxed-mt.wasm',
};

/** Reads a built .wasm file. */
export function wasmBytes(build: Build): Uint8Array<ArrayBuffer> {
  return readFileSync(new URL(`../build/${FILES[build]}`, import.meta.url)) as Uint8Array<ArrayBuffer>;
}

/** A fresh backend for a configuration (dispose it to stop its workers). */
export function backendFor(variant: Variant): Promise<WasmBackend> {
  const [build, x] = variant.split(' ') as [Build, string | undefined];
  const threads = x === 'x2' ? 2 : 1;
  return createWasmBackend({ bytes: wasmBytes(build), threads, minParallelFlops: 0, spawnWorker: spawnNodeWorker });
}

/** A typed array of `dtype` holding `values`. */
export function typed(dtype: DType, values: ArrayLike<number>): TypedArray {
  if (dtype === 'float32') return Float32Array.from(values);
  if (dtype === 'int32') return Int32Array.from(values);
  return Uint8Array.from(values);
}

/** Buffers written and read through one backend, freed together. */
export class Scratch {
  private readonly ids: DataId[] = [];
  constructor(readonly backend: WasmBackend) {}

  /** A new buffer holding `values`. */
  put(dtype: DType, values: ArrayLike<number>): DataId {
    const id = this.backend.alloc(dtype, values.length);
    this.ids.push(id);
    this.backend.write(id, dtype, typed(dtype, values));
    return id;
  }

  /** A new buffer of `size` elements, filled with a sentinel so unwritten outputs show up. */
  out(dtype: DType, size: number): DataId {
    return this.put(dtype, new Array<number>(size).fill(dtype === 'float32' ? 12345.5 : dtype === 'int32' ? 777 : 7));
  }

  /** Reads a buffer as plain numbers. */
  get(id: DataId, dtype: DType, size: number): number[] {
    return Array.from(this.backend.readSync(id, dtype, size));
  }

  /** Frees every buffer made here. */
  dispose(): void {
    for (const id of this.ids.splice(0)) this.backend.free(id);
  }
}

/** A seeded uniform generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` float32-representable values uniform in [lo, hi). */
export function uniform(n: number, lo: number, hi: number, seed = 1): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => Math.fround(lo + (hi - lo) * r()));
}

/** `n` integers uniform in [lo, hi]. */
export function integers(n: number, lo: number, hi: number, seed = 1): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => lo + Math.floor((hi - lo + 1) * r()));
}

/** Shape helpers of the float64 reference, shared with the conformance suite. */
export { refStrides as stridesOf, unravel } from '@keras/core/testing';
export { sizeOf } from '@keras/core';

/** Flat index of a broadcast read: `idx` is an output index, `shape` the input's (same rank). */
export function broadcastIndex(idx: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d]! + (shape[d] === 1 ? 0 : idx[d]!);
  return flat;
}

/**
 * Checks element-wise that |actual - expected| <= rtol * max(|expected|, scale[i]).
 * NaN must match NaN and infinities must match exactly. `scale` (e.g. the sum of
 * |a||b| of a dot product) covers results that cancel.
 */
export function expectClose(actual: readonly number[], expected: readonly number[], rtol: number, scale?: readonly number[] | number, label = ''): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      if (!Object.is(a, e) && !(Number.isNaN(a) && Number.isNaN(e))) {
        expect.fail(`${label} [${i}]: expected ${e}, got ${a}`);
      }
      continue;
    }
    const s = typeof scale === 'number' ? scale : (scale?.[i] ?? 0);
    // Subnormal results carry absolute, not relative, precision: measure them against the
    // smallest normal float32 (and allow two subnormal ulps for exact ops).
    const tol = Math.max(rtol * Math.max(Math.abs(e), s, 1.1754944e-38), 3e-45);
    if (!(Math.abs(a - e) <= tol)) {
      expect.fail(`${label} [${i}]: expected ${e}, got ${a} (|diff| ${Math.abs(a - e)} > tol ${tol})`);
    }
  }
}

/** Checks exact equality, reporting the first mismatch. */
export function expectExact(actual: readonly number[], expected: readonly number[], label = ''): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i]) && !(Number.isNaN(actual[i]) && Number.isNaN(expected[i]))) {
      expect.fail(`${label} [${i}]: expected ${expected[i]}, got ${actual[i]}`);
    }
  }
}

/**
 * Starts the backend of `variant` (and a scratch area on it) before the suite's tests
 * and disposes both after them; `use` receives them for the suite's own variables.
 */
export function useVariantBackend(variant: Variant, use: (backend: WasmBackend, scratch: Scratch) => void): void {
  let backend: WasmBackend | undefined;
  let scratch: Scratch | undefined;
  beforeAll(async () => {
    backend = await backendFor(variant);
    scratch = new Scratch(backend);
    use(backend, scratch);
  });
  afterAll(() => {
    scratch?.dispose();
    backend?.dispose();
  });
}
