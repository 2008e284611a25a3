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
import { normalizeKernels } from './kernels/normalize.js';
import { poolKernels } from './kernels/pool.js';
import { reduceKernels } from './kernels/reduce.js';
import { QUEUED_KERNELS } from './exports.js';
import { instantiateKernels, loadKernels, type Kernels, type KernelsVariant } from './loader.js';
import { WorkerPool, type SpawnWorker } from './pool/pool.js';
import { browserCores, browserThreadsAvailable, spawnBrowserWorker } from './pool/spawn-browser.js';
import { ptr, Runtime } from './runtime.js';

/**
 * Below about 1 MFLOP a kernel stays on one thread: waking a sleeping worker
 * costs 50-70 us and a 1 MFLOP GEMM takes about 22 us on one core (wasm-kernels.md §6).
 */
const MIN_PARALLEL_FLOPS = 2 ** 20;

/** The default pool size: up to 4 threads (onnxruntime-web's cap; 2-core machines measured 1.96x on 2). */
export function defaultThreads(cores: number): number {
  return Math.max(1, Math.min(4, cores));
}

/**
 * Where the kernels come from (a compiled module, bytes, a URL to fetch, or by
 * default the packaged build) and how many threads run them.
 */
export interface WasmBackendOptions {
  module?: WebAssembly.Module;
  bytes?: BufferSource;
  url?: URL;
  /**
   * Threads, the calling one included. Default: min(4, navigator.hardwareConcurrency)
   * where a pool can start (a cross-origin isolated page, or `spawnWorker` given),
   * else 1. More than 1 needs a threaded build (loaded automatically unless
   * `module`/`bytes`/`url` name a single-threaded one, which then runs on one thread).
   */
  threads?: number;
  /** The smallest kernel, in floating-point operations, worth splitting; 0 splits every kernel (tests). Default 2^20. */
  minParallelFlops?: number;
  /** How to start a pool worker. Default: module workers in cross-origin isolated pages; the node entry passes `worker_threads`. */
  spawnWorker?: SpawnWorker;
  /**
   * With a pool, queue kernel calls for a worker to run in order while the
   * calling thread goes on with the next ops (src/pool/queue.ts); reading a
   * tensor waits for them. Default true; false runs every kernel on the
   * calling thread as it is called (the results are the same bits either way).
   */
  asyncDispatch?: boolean;
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
  private pool: WorkerPool | undefined;

  constructor(
    private readonly source: Kernels,
    minParallelFlops = MIN_PARALLEL_FLOPS,
  ) {
    this.rt = new Runtime(source.exports, source.memory, minParallelFlops);
    this.variant = source.variant;
    this.kernels = {
      ...elementwiseKernels(this.rt),
      ...layoutKernels(this.rt),
      ...reduceKernels(this.rt),
      ...linalgKernels(this.rt),
      ...poolKernels(this.rt),
      ...fusedKernels(this.rt),
      ...normalizeKernels(this.rt),
    };
  }

  alloc(dtype: DType, size: number): DataId {
    return this.rt.arena.alloc(size * elementBytes(dtype));
  }

  write(id: DataId, dtype: DType, values: TypedArray): void {
    this.rt.write(id, new Uint8Array(values.buffer, values.byteOffset, values.length * elementBytes(dtype)));
  }

  /**
   * The values as of this call. With asynchronous dispatch the wait comes after
   * the caller's synchronous code, and only for the calls queued before this
   * one: a training step reads its loss, queues the optimizer's update, then
   * awaits the loss while the update runs.
   */
  read(id: DataId, dtype: DType, size: number): Promise<TypedArray> {
    const take = this.rt.readLater(id, size * elementBytes(dtype));
    return Promise.resolve().then(() => viewOf(take().buffer, dtype, 0, size));
  }

  readSync(id: DataId, dtype: DType, size: number): TypedArray {
    this.rt.flush();
    return viewOf(this.rt.memory.buffer, dtype, ptr(id), size).slice();
  }

  free(id: DataId): void {
    this.rt.arena.free(ptr(id));
  }

  memory(): BackendMemory {
    return this.rt.usage();
  }

  info(): BackendInfo {
    return {
      variant: this.variant,
      simd: true,
      relaxedSimd: this.variant === 'relaxed' || this.variant === 'relaxed-threads',
      threads: this.pool?.threads ?? 1,
    };
  }

  /**
   * Starts `threads - 1` workers on a threaded build and routes the kernels'
   * large tasks through them, and with `asyncDispatch` every kernel call through
   * the first one's command ring. The calling thread may block in `Atomics.wait`
   * unless it is a browser's main thread (there it spins for the last tiles).
   */
  async startPool(threads: number, spawn: SpawnWorker, asyncDispatch = true): Promise<void> {
    if (this.pool) throw new Error('wasm backend: the pool is already running');
    if (!(this.source.memory.buffer instanceof SharedArrayBuffer)) {
      throw new Error(`wasm backend: the ${this.variant} build has no shared memory; threads need a threaded build`);
    }
    const { exports, memory, module } = this.source;
    const canBlock = typeof (globalThis as { document?: unknown }).document === 'undefined';
    const { minParallelFlops } = this.rt;
    const ring = this.rt.openRing();
    const pool = await WorkerPool.start(spawn, module, memory, this.rt.ctrl, threads, exports.runTask, canBlock, {
      ring: asyncDispatch ? ring : 0, queued: QUEUED_KERNELS, minParallelFlops,
    });
    this.pool = pool;
    this.source.parallel = () => pool.run();
    exports.setPool(this.rt.ctrl, pool.threads, minParallelFlops);
    if (asyncDispatch) this.rt.startQueue();
  }

  /** Terminates the worker pool (kernels keep working on one thread). */
  dispose(): void {
    if (!this.pool) return;
    this.rt.stopQueue();
    this.rt.direct.setPool(this.rt.ctrl, 1, this.rt.minParallelFlops);
    this.pool.dispose();
    this.pool = undefined;
  }
}

/**
 * Creates the wasm backend. With no options it fetches the packaged build next to
 * this module (browsers); Node users import `@keras/kernels-wasm/node`, edge
 * runtimes pass the imported `WebAssembly.Module`.
 */
export async function createWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const spawn = options.spawnWorker ?? (browserThreadsAvailable() ? spawnBrowserWorker : undefined);
  const threads = spawn ? (options.threads ?? defaultThreads(browserCores())) : 1;
  const src = options.module ?? options.bytes;
  const kernels = src ? await instantiateKernels(src) : await loadKernels(options.url, threads > 1);
  const backend = new WasmBackend(kernels, options.minParallelFlops);
  if (spawn && threads > 1 && kernels.memory.buffer instanceof SharedArrayBuffer) {
    await backend.startPool(threads, spawn, options.asyncDispatch ?? true);
  }
  return backend;
}

/** Creates the wasm backend from the base64 module of `@keras/kernels-wasm/inline`. */
export function createWasmBackendFromBase64(base64: string): Promise<WasmBackend> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return createWasmBackend({ bytes });
}
