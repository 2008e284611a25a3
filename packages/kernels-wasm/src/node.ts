/**
 * The Node entry (`@keras/kernels-wasm/node`): everything of the default entry,
 * plus a loader that reads the .wasm from the file system and a worker pool over
 * `worker_threads`. Importing it re-registers `wasm` with that loader (Bun and
 * Deno can use it too).
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { registerBackend } from '@keras/core';
import { createWasmBackend, defaultThreads, type WasmBackend } from './backend.js';
import {
  instantiateKernels, kernelsRelaxedThreadsWasmUrl, kernelsRelaxedWasmUrl, kernelsThreadsWasmUrl, kernelsWasmUrl,
  type Kernels,
} from './loader.js';
import { spawnNodeWorker } from './pool/spawn-node.js';
import { WASM_PRIORITY } from './index.js';

export * from './index.js';

/**
 * Which build to load: 'auto' takes relaxed SIMD (FMA) when the engine validates
 * it; 'simd' is the deterministic choice (bit-identical results on every machine
 * and for every thread count); 'relaxed' insists on FMA.
 */
export type NodeVariant = 'auto' | 'simd' | 'relaxed';

/** Options of {@link createNodeWasmBackend}. */
export interface NodeWasmBackendOptions {
  /** Threads, the calling one included; default min(4, os.availableParallelism()). 1 loads a single-threaded build. */
  threads?: number;
  /** The smallest kernel, in floating-point operations, worth splitting (see WasmBackendOptions). */
  minParallelFlops?: number;
  /** Queue kernel calls for the pool to run while this thread goes on (see WasmBackendOptions); default true. */
  asyncDispatch?: boolean;
}

/**
 * Reads the packaged build: the relaxed-SIMD one when its bytes validate here
 * (Node 22+, or Node 20 with --experimental-wasm-relaxed-simd), else the
 * baseline; `threaded` picks their shared-memory builds.
 */
export async function readKernelsBytes(variant: NodeVariant = 'auto', threaded = false): Promise<Uint8Array<ArrayBuffer>> {
  if (variant !== 'simd') {
    const relaxed = await readWasm(threaded ? kernelsRelaxedThreadsWasmUrl : kernelsRelaxedWasmUrl);
    if (WebAssembly.validate(relaxed)) return relaxed;
    if (variant === 'relaxed') throw new Error('wasm backend: this engine does not support relaxed SIMD');
  }
  return readWasm(threaded ? kernelsThreadsWasmUrl : kernelsWasmUrl);
}

/** Reads a file (always a fresh, unshared buffer). */
async function readWasm(path: string | URL): Promise<Uint8Array<ArrayBuffer>> {
  return (await readFile(path)) as Uint8Array<ArrayBuffer>;
}

/** Instantiates the kernels from a file (a path or file: URL), or the packaged build. */
export async function loadKernelsFromFile(path?: string | URL): Promise<Kernels> {
  return instantiateKernels(path === undefined ? await readKernelsBytes() : await readWasm(path));
}

/**
 * Creates the wasm backend from the packaged build on disk, with a pool of
 * `worker_threads` when `threads` > 1. The workers are unref()'d, so they never
 * keep the process alive; `backend.dispose()` terminates them.
 */
export async function createNodeWasmBackend(variant: NodeVariant = 'auto', options: NodeWasmBackendOptions = {}): Promise<WasmBackend> {
  const threads = options.threads ?? defaultThreads(availableParallelism());
  return createWasmBackend({
    bytes: await readKernelsBytes(variant, threads > 1),
    threads,
    spawnWorker: spawnNodeWorker,
    ...(options.minParallelFlops === undefined ? {} : { minParallelFlops: options.minParallelFlops }),
    ...(options.asyncDispatch === undefined ? {} : { asyncDispatch: options.asyncDispatch }),
  });
}

registerBackend('wasm', () => createNodeWasmBackend(), WASM_PRIORITY);
