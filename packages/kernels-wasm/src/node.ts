/**
 * The Node entry (`@keras/kernels-wasm/node`): everything of the default entry,
 * plus a loader that reads the .wasm from the file system. Importing it
 * re-registers `wasm` with that loader (Bun and Deno can use it too).
 */
import { readFile } from 'node:fs/promises';
import { registerBackend } from '@keras/core';
import { createWasmBackend, type WasmBackend } from './backend.js';
import { instantiateKernels, kernelsRelaxedWasmUrl, kernelsWasmUrl, type Kernels } from './loader.js';
import { WASM_PRIORITY } from './index.js';

export * from './index.js';

/** Which build to load: 'auto' takes relaxed SIMD when the engine validates it. */
export type NodeVariant = 'auto' | 'simd' | 'relaxed';

/**
 * Reads the packaged build: the relaxed-SIMD one when its bytes validate here
 * (Node 22+, or Node 20 with --experimental-wasm-relaxed-simd), else the baseline.
 */
export async function readKernelsBytes(variant: NodeVariant = 'auto'): Promise<Uint8Array<ArrayBuffer>> {
  if (variant !== 'simd') {
    const relaxed = await readWasm(kernelsRelaxedWasmUrl);
    if (WebAssembly.validate(relaxed)) return relaxed;
    if (variant === 'relaxed') throw new Error('wasm backend: this engine does not support relaxed SIMD');
  }
  return readWasm(kernelsWasmUrl);
}

/** Reads a file (always a fresh, unshared buffer). */
async function readWasm(path: string | URL): Promise<Uint8Array<ArrayBuffer>> {
  return (await readFile(path)) as Uint8Array<ArrayBuffer>;
}

/** Instantiates the kernels from a file (a path or file: URL), or the packaged build. */
export async function loadKernelsFromFile(path?: string | URL): Promise<Kernels> {
  return instantiateKernels(path === undefined ? await readKernelsBytes() : await readWasm(path));
}

/** Creates the wasm backend from the packaged build on disk. */
export async function createNodeWasmBackend(variant: NodeVariant = 'auto'): Promise<WasmBackend> {
  return createWasmBackend({ bytes: await readKernelsBytes(variant) });
}

registerBackend('wasm', () => createNodeWasmBackend(), WASM_PRIORITY);
