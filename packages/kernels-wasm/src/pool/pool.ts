/**
 * A persistent pool of worker threads for the threaded kernels build. The
 * caller's thread compiles nothing twice: the workers instantiate the same
 * compiled module against the same shared memory and run tiles, and the first
 * also runs the calls queued on the command ring (src/pool/queue.ts); the JS
 * arena on the caller's thread allocates everything. A task is one
 * generation: the kernels reset DONE and publish the claim word, the thread
 * running the kernel (the caller's, or the executor worker's) bumps GEN, wakes
 * sleepers, runs tiles itself, then waits until DONE counts every tile finished. It does not wait for workers to check in: a descheduled
 * worker only misses the task (assembly/parallel.ts explains the claims).
 */
import { CONTROL_BYTES, runPoolTask } from './protocol.mjs';

/** What a worker needs to join the pool (posted as its first message). */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Address of the control block. */
  ctrl: number;
  /** Thread index (1..threads-1; the caller is 0), which selects per-thread scratch. */
  index: number;
  /** Threads in the pool, the caller included. */
  threads: number;
  /** The smallest task worth splitting (the kernels' setPool). */
  minParallelFlops: number;
  /** Address of the command ring this worker executes (src/pool/queue.ts), or 0: tiles only. */
  ring: number;
  /** The queued kernels' export names, by record kind. */
  queued: readonly string[];
}

/** What the workers need besides the memory: the executor's ring (0: none), the queued kernels, the pool's split threshold. */
export interface PoolSetup {
  ring: number;
  queued: readonly string[];
  minParallelFlops: number;
}

/** A started worker. */
export interface PoolWorker {
  terminate(): void;
}

/**
 * Starts one worker running src/pool/worker-*.mjs, posts `init`, and resolves
 * once it reports ready. The Node entry passes one over `worker_threads`; the
 * default entry uses browser workers when the page is cross-origin isolated.
 */
export type SpawnWorker = (init: WorkerInit) => Promise<PoolWorker>;

/** The workers of one backend and the caller's half of the protocol. */
export class WorkerPool {
  private constructor(
    private readonly i32: Int32Array,
    private readonly ctrl: number,
    private readonly workers: PoolWorker[],
    private readonly runTask: (ctrl: number, thread: number, gen: number) => number,
    private readonly canBlock: boolean,
  ) {}

  /**
   * Starts `threads - 1` workers; the first executes the command ring of `setup`.
   * `canBlock` says whether this thread may `Atomics.wait` (Node's main thread
   * may; a browser's main thread may not, so it spins while the last tiles
   * finish: kernels are synchronous).
   */
  static async start(
    spawn: SpawnWorker, module: WebAssembly.Module, memory: WebAssembly.Memory, ctrl: number, threads: number,
    runTask: (ctrl: number, thread: number, gen: number) => number, canBlock: boolean, setup: PoolSetup,
  ): Promise<WorkerPool> {
    const i32 = new Int32Array(memory.buffer, ctrl, CONTROL_BYTES / 4);
    const { ring, minParallelFlops, queued } = setup;
    const started = await Promise.allSettled(
      Array.from({ length: threads - 1 }, (_, i) =>
        spawn({ module, memory, ctrl, index: i + 1, threads, minParallelFlops, ring: i === 0 ? ring : 0, queued }),
      ),
    );
    const workers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      for (const w of workers) w.terminate();
      throw new Error(`wasm backend: a pool worker failed to start: ${String(failed.reason)}`);
    }
    return new WorkerPool(i32, ctrl, workers, runTask, canBlock);
  }

  /** Threads working on each task, the caller included. */
  get threads(): number {
    return this.workers.length + 1;
  }

  /** Runs the task the kernels just wrote on every thread (the kernels' `env.parallel`). */
  run(): void {
    runPoolTask(this.i32, this.ctrl, this.runTask, 0, this.canBlock);
  }

  /** Terminates the workers. */
  dispose(): void {
    for (const w of this.workers.splice(0)) w.terminate();
  }
}
