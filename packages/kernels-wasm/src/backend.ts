/**
 * The `wasm` backend: tensors live in the kernels module's linear memory, a
 * DataId is the address of a block from the arena, and every kernel runs on
 * those addresses directly (no copies between JS and wasm inside ops).
 */
import type { Backend, BackendInfo, BackendMemory, DataId, DType, KernelTable, TypedArray } from '@keras/core';
import { elementBytes, elementwiseKernels } from './kernels/elementwise.js';
import { fusedKernels } from './kernels/fused.js';
import { layoutKernels } from './kernels/layout.js';
import { linalgKernels } from './kernels/linalg.js';
import { poolKernels } from './kernels/pool.js';
import { reduceKernels } from './kernels/reduce.js';
import { instantiateKernels, loadKernels, type Kernels, type KernelsVariant } from './loader.js';
import { ptr, Runtime } from './runtime.js';

/** Where the kernels come from: a compiled module, bytes, a URL to fetch, or (default) the packaged build. */
export interface WasmBackendOptions {
  module?: WebAssembly.Module;
  bytes?: BufferSource;
  url?: URL;
}

function viewOf(buffer: ArrayBufferLike, dtype: DType, offset: number, size: number): TypedArray {
  if (dtype === 'float32') return new Float32Array(buffer, offset, size);
  if (dtype === 'int32') return new Int32Array(buffer, offset, size);
  return new Uint8Array(buffer, offset, size);
}

/** A Backend over one instantiated kernels module. */
export class WasmBackend implements Backend {
  readonly name = 'wasm';
  readonly kernels: Partial<KernelTable>;
  readonly variant: KernelsVariant;
  private readonly rt: Runtime;

  constructor(kernels: Kernels) {
    this.rt = new Runtime(kernels.exports, kernels.memory);
    this.variant = kernels.variant;
    this.kernels = {
      ...elementwiseKernels(this.rt),
      ...layoutKernels(this.rt),
      ...reduceKernels(this.rt),
      ...linalgKernels(this.rt),
      ...poolKernels(this.rt),
      ...fusedKernels(this.rt),
    };
  }

  alloc(dtype: DType, size: number): DataId {
    return this.rt.arena.alloc(size * elementBytes(dtype));
  }

  write(id: DataId, dtype: DType, values: TypedArray): void {
    const bytes = values.length * elementBytes(dtype);
    this.rt.bytes(id, bytes).set(new Uint8Array(values.buffer, values.byteOffset, bytes));
  }

  read(id: DataId, dtype: DType, size: number): Promise<TypedArray> {
    return Promise.resolve(this.readSync(id, dtype, size));
  }

  readSync(id: DataId, dtype: DType, size: number): TypedArray {
    return viewOf(this.rt.memory.buffer, dtype, ptr(id), size).slice();
  }

  free(id: DataId): void {
    this.rt.arena.free(ptr(id));
  }

  memory(): BackendMemory {
    return this.rt.usage();
  }

  info(): BackendInfo {
    return { variant: this.variant, simd: true, relaxedSimd: this.variant === 'relaxed', threads: 1 };
  }
}

/**
 * Creates the wasm backend. With no options it fetches the packaged build next to
 * this module (browsers); Node users import `@keras/kernels-wasm/node`, edge
 * runtimes pass the imported `WebAssembly.Module`.
 */
export async function createWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const src = options.module ?? options.bytes;
  const kernels = src ? await instantiateKernels(src) : await loadKernels(options.url);
  return new WasmBackend(kernels);
}

/** Creates the wasm backend from the base64 module of `@keras/kernels-wasm/inline`. */
export function createWasmBackendFromBase64(base64: string): Promise<WasmBackend> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return createWasmBackend({ bytes });
}
