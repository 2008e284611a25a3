/**
 * Splitting a kernel into tiles that several threads claim (threaded builds) or
 * one thread runs in order (every build, through the same code).
 *
 * The control block is 256 bytes JS allocates and hands over with
 * {@link setPool}; src/pool/control.ts mirrors its layout. A kernel writes a
 * task (op code, tile count, arguments) into it and calls {@link dispatch}.
 * In the threaded build with a pool, `dispatch` calls the imported
 * `env.parallel`, which wakes the workers (each calls {@link runTask} with its
 * own thread index), runs tiles on the calling thread too and returns when every
 * worker is done. Tiles are claimed with one atomic add each; a tile never
 * dispatches, so there is no nesting.
 *
 * Determinism: a tile always covers whole outputs (rows in multiples of the
 * micro-kernel's 4, whole 8-column panels, whole images) and runs the same
 * instructions as the single-thread path, so results do not depend on the
 * thread count. Nothing is split along a reduction axis.
 */
import { gemmRowsTile, packBTile } from './gemm';
import { convForwardTile, convInputTile, filterPrepTile } from './conv';
import { unaryTile } from './unary';
import { adamTile } from './adam';
import { maxPoolTile, maxPoolGradTile } from './pool';

/** Wakes the pool, runs tiles here too, and returns when all are done (src/pool/pool.ts). */
@external("env", "parallel")
declare function poolRun(): void;

// Byte offsets in the control block, each counter on its own cache line.
/** Generation counter: bumped by JS to start a task. */
const GEN: usize = 0;
/** Workers that finished the current generation. */
const DONE: usize = 64;
/** Next unclaimed tile. */
const NEXT: usize = 128;
const OP: usize = 192;
const TILES: usize = 196;
const ARGS: usize = 200;

/** Task op codes (the tile functions they run). */
export const enum Task {
  PackB = 1,
  GemmRows = 2,
  ConvForward = 3,
  ConvInput = 4,
  FilterPrep = 5,
  Unary = 6,
  Adam = 7,
  MaxPool = 8,
  MaxPoolGrad = 9,
}

/** Tiles per thread a parallel split aims for, so a slow thread leaves little idle time (wasm-kernels.md §2: at least ~5). */
export const TILES_PER_THREAD = 6;

let control: usize = 0;
let threadCount: i32 = 1;
let minFlops: f64 = 1048576;

/** Gets the control block and pool size; `minParallelFlops` is the smallest task worth waking the pool for. */
export function setPool(ctrl: usize, threads: i32, minParallelFlops: f64): void {
  control = ctrl;
  threadCount = max(1, threads);
  minFlops = minParallelFlops;
  store<i32>(ctrl + GEN, 0);
  store<i32>(ctrl + DONE, 0);
}

/** Threads a task of `flops` floating-point operations may use: the pool's size, or 1 when it is too small to pay for the wake-up. */
export function threadsFor(flops: f64): i32 {
  return flops >= minFlops ? threadCount : 1;
}

/**
 * Threads for an element-wise pass over `n` elements: one below about 64K
 * elements (counted as 16 flops each against the GEMM threshold), where waking
 * the pool costs more than the pass (in-cache passes run at about 100 GB/s).
 */
export function elementThreads(n: i32): i32 {
  return threadsFor(<f64>n * 16);
}

/** Elements per tile of an element-wise task on `threads` threads: a multiple of 64, so SIMD blocks never straddle tiles. */
export function elementTile(n: i32, threads: i32): i32 {
  if (threads <= 1) return max(n, 1);
  const share = (n + threads * TILES_PER_THREAD - 1) / (threads * TILES_PER_THREAD);
  return (share + 63) & ~63;
}

/** Images per tile of a per-image task (pooling, the input gradient) on `threads` threads. */
export function imageTile(batch: i32, threads: i32): i32 {
  return threads > 1 ? (batch + threads * TILES_PER_THREAD - 1) / (threads * TILES_PER_THREAD) : max(batch, 1);
}

/** Per-thread scratch regions a kernel's workspace must hold. */
export function poolThreads(): i32 {
  return threadCount;
}

/** Sets argument word `i` of the next task. */
@inline
export function setArg(i: i32, v: i32): void {
  store<i32>(control + ARGS + (<usize>i << 2), v);
}

/** Argument word `i` of the task at `ctrl`. */
@inline
export function arg(ctrl: usize, i: i32): i32 {
  return load<i32>(ctrl + ARGS + (<usize>i << 2));
}

/** Pointer argument `i` of the task at `ctrl`. */
@inline
export function argPtr(ctrl: usize, i: i32): usize {
  return <usize>load<u32>(ctrl + ARGS + (<usize>i << 2));
}

/** Runs task `op` (arguments already set) as `tiles` tiles, on `threads` threads when the pool has them. */
export function dispatch(op: Task, tiles: i32, threads: i32): void {
  store<i32>(control + OP, op);
  store<i32>(control + TILES, tiles);
  if (ASC_FEATURE_THREADS) {
    atomic.store<i32>(control + NEXT, 0);
    if (threads > 1 && tiles > 1) {
      poolRun();
      return;
    }
  } else {
    store<i32>(control + NEXT, 0);
  }
  runTask(control, 0);
}

/** Claims the next tile. */
@inline
function claim(p: usize): i32 {
  if (ASC_FEATURE_THREADS) return atomic.add<i32>(p, 1);
  const t = load<i32>(p);
  store<i32>(p, t + 1);
  return t;
}

/** Claims and runs tiles of the task at `ctrl` until none are left; `thread` selects per-thread scratch (0 on the caller). */
export function runTask(ctrl: usize, thread: i32): void {
  const op = load<i32>(ctrl + OP);
  const tiles = load<i32>(ctrl + TILES);
  for (let t = claim(ctrl + NEXT); t < tiles; t = claim(ctrl + NEXT)) {
    switch (op) {
      case Task.PackB: packBTile(ctrl, t); break;
      case Task.GemmRows: gemmRowsTile(ctrl, t, thread); break;
      case Task.ConvForward: convForwardTile(ctrl, t, thread); break;
      case Task.ConvInput: convInputTile(ctrl, t, thread); break;
      case Task.FilterPrep: filterPrepTile(ctrl, t); break;
      case Task.Unary: unaryTile(ctrl, t); break;
      case Task.Adam: adamTile(ctrl, t); break;
      case Task.MaxPool: maxPoolTile(ctrl, t); break;
      case Task.MaxPoolGrad: maxPoolGradTile(ctrl, t); break;
    }
  }
}
