/**
 * @keras/kernels-wasm: the default `wasm` backend, AssemblyScript kernels
 * compiled to WebAssembly SIMD. Importing this module registers the backend
 * (priority 2) with a loader that fetches the .wasm next to it; Node users
 * import `@keras/kernels-wasm/node` instead, which reads it from disk.
 */
import { registerBackend } from '@keras/core';
import { createWasmBackend } from './backend.js';

export { WasmBackend, createWasmBackend, createWasmBackendFromBase64, defaultThreads, type WasmBackendOptions } from './backend.js';
export {
  instantiateKernels, loadKernels, kernelsWasmUrl, kernelsRelaxedWasmUrl, kernelsThreadsWasmUrl, kernelsRelaxedThreadsWasmUrl,
  type Kernels, type KernelsVariant,
} from './loader.js';
export type { SpawnWorker, PoolWorker, WorkerInit } from './pool/pool.js';
export { relaxedSimdSupported } from './features.js';
export type { KernelExports } from './exports.js';

/** Priority of the wasm backend in the registry (above plain-JS fallbacks, below GPUs). */
export const WASM_PRIORITY = 2;

registerBackend('wasm', () => createWasmBackend(), WASM_PRIORITY);
