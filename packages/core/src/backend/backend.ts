/**
 * The Backend interface: memory methods plus a table of kernels.
 */
import type { DType, TypedArray } from '../dtype.js';
import type { DataId, KernelTable } from './kernels.js';

/** Memory held by one backend. */
export interface BackendMemory { buffers: number; bytes: number }

/** What a backend reports about itself (for `keras backend --list`). */
export interface BackendInfo { [key: string]: string | number | boolean }

/** A compute backend: memory methods and kernels. Kernels run synchronously; reads may be async. */
export interface Backend {
  /** 'wasm' | 'webgpu' | 'node-gpu' | ... */
  readonly name: string;
  /** Allocates an uninitialised buffer for `size` elements of `dtype`. */
  alloc(dtype: DType, size: number): DataId;
  /** Writes `values` (whose length is the buffer's size) into a buffer. */
  write(id: DataId, dtype: DType, values: TypedArray): void;
  /** Reads a buffer back as a fresh typed array of `size` elements. */
  read(id: DataId, dtype: DType, size: number): Promise<TypedArray>;
  /** Synchronous read; absent where the device cannot (webgpu). */
  readSync?(id: DataId, dtype: DType, size: number): TypedArray;
  /** Releases a buffer. */
  free(id: DataId): void;
  /** Buffers and bytes currently held. */
  memory(): BackendMemory;
  /** The kernels this backend implements. */
  readonly kernels: Partial<KernelTable>;
  /** Optional description: variant, threads, adapter... */
  info?(): BackendInfo;
  /** Optional: release everything (workers, devices). */
  dispose?(): void;
}
