/**
 * A persistent pool of worker threads for the threaded kernels build. The
 * caller's thread compiles nothing twice: the workers instantiate the same
 * compiled module against the same shared memory and only ever run tiles
 * (the JS arena on the caller's thread allocates everything). A task is one
 * generation: the kernels reset DONE and publish the claim word, the caller
 * bumps GEN, wakes sleepers, runs tiles itself, then waits until DONE counts
 * every tile finished. It does not wait for workers to check in: a descheduled
 * worker only misses the task (assembly/parallel.ts explains the claims).
 */
import { CONTROL_BYTES, DONE, GEN, TILES } from './control.js';

/** What a worker needs to join the pool (posted as its first message). */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Address of the control block. */
  ctrl: number;
  /** Thread index (1..threads-1; the caller is 0), which selects per-thread scratch. */
  index: number;
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

// Loads of DONE (about 0.12 ms at 7-8 ns a load) before the caller sleeps on it
// where it may block: the last tiles usually finish within that, and a spinning
// join costs about 1 us against 50-70 us for a sleeping one (wasm-kernels.md §6).
const SPIN = 1 << 14;

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
   * Starts `threads - 1` workers. `canBlock` says whether this thread may
   * `Atomics.wait` (Node's main thread may; a browser's main thread may not,
   * so it spins while the last tiles finish: kernels are synchronous).
   */
  static async start(
    spawn: SpawnWorker, module: WebAssembly.Module, memory: WebAssembly.Memory, ctrl: number, threads: number,
    runTask: (ctrl: number, thread: number, gen: number) => number, canBlock: boolean,
  ): Promise<WorkerPool> {
    const i32 = new Int32Array(memory.buffer, ctrl, CONTROL_BYTES / 4);
    const started = await Promise.allSettled(
      Array.from({ length: threads - 1 }, (_, i) => spawn({ module, memory, ctrl, index: i + 1 })),
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
    const { i32 } = this;
    const tiles = i32[TILES]!;
    // `| 0` wraps like the kernels' i32 generation.
    const gen = (Atomics.add(i32, GEN, 1) + 1) | 0;
    Atomics.notify(i32, GEN);
    this.runTask(this.ctrl, 0, gen);
    // No tile is left to claim; wait for those still running elsewhere (the thread finishing the last one notifies).
    let spins = 0;
    for (let done = Atomics.load(i32, DONE); done < tiles; done = Atomics.load(i32, DONE)) {
      if (this.canBlock && ++spins >= SPIN) Atomics.wait(i32, DONE, done);
    }
  }

  /** Terminates the workers. */
  dispose(): void {
    for (const w of this.workers.splice(0)) w.terminate();
  }
}
