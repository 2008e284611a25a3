/**
 * What kernels use to run programs: resolving DataIds to buffers, the pipeline
 * cache, and the dispatcher. Kernel families are functions of a KernelContext.
 */
import type { DataId } from '@keras/core';
import type { PooledBuffer } from './buffer-pool.js';
import type { Dispatcher } from './dispatcher.js';
import type { PipelineCache } from './pipeline-cache.js';
import { WORKGROUP_SIZE, type Access } from './shaders/common.js';

/** A tensor's storage on the GPU: the DataId of the webgpu backend. */
export class GPUTensorData {
  constructor(readonly pooled: PooledBuffer) {}
}

/** A program to run: its cache key, binding access modes and WGSL (built on a cache miss). */
export interface Program {
  key: string;
  access: readonly Access[];
  wgsl: () => string;
}

const bitsF32 = new Float32Array(1);
const bitsU32 = new Uint32Array(bitsF32.buffer);

/** The u32 bit pattern of `value` as a float32 (for the parameter block). */
export function f32Bits(value: number): number {
  bitsF32[0] = value;
  return bitsU32[0]!;
}

/** Runs programs for the kernels of one backend. */
export class KernelContext {
  constructor(
    private readonly pipelines: PipelineCache,
    private readonly dispatcher: Dispatcher,
    private readonly checkAlive: () => void,
  ) {}

  /** The buffer behind a DataId of this backend. */
  buffer(id: DataId): PooledBuffer {
    if (!(id instanceof GPUTensorData)) throw new TypeError('webgpu backend: not a webgpu buffer (a tensor of another backend?)');
    return id.pooled;
  }

  /** Runs `program` on `data` (bound in order) with `params`, over `workgroups` workgroups. */
  run(program: Program, data: readonly DataId[], params: readonly number[], workgroups: number): void {
    this.checkAlive();
    const compiled = this.pipelines.get(program.key, program);
    this.dispatcher.run(compiled, data.map((d) => this.buffer(d)), params, workgroups);
  }

  /** Runs a one-dimensional program over `threads` threads; `params[0]` must be `threads`. */
  runThreads(program: Program, data: readonly DataId[], params: readonly number[]): void {
    const threads = params[0]!;
    if (threads > 0) this.run(program, data, params, Math.ceil(threads / WORKGROUP_SIZE));
  }
}
