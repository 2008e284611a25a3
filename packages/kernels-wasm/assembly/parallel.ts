/**
 * Splitting a kernel into tiles that several threads claim (threaded builds) or
 * one thread runs in order (every build, through the same code).
 *
 * The control block is 320 bytes JS allocates and hands over with
 * {@link setPool}; src/pool/control.ts mirrors its layout. A kernel writes a
 * task (op code, tile count, arguments) into it and calls {@link dispatch}.
 * In the threaded build with a pool, `dispatch` calls the imported
 * `env.parallel`, which wakes the workers (each calls {@link runTask} with its
 * own thread index), runs tiles on the calling thread too and returns when every
 * TILE is done (not every worker: a descheduled worker must not stall the
 * caller; one that wakes late finds no tile left and goes back to sleep). A
 * tile never dispatches, so there is no nesting.
 *
 * Claims: NEXT is one 64-bit word, (generation << 32) | (front << 16) | back:
 * the tiles taken from each end. The calling JS thread (thread 0) takes them
 * from the front and the workers from the back, meeting where the work divides,
 * so a thread keeps touching the same rows and ranges from one call to the next
 * and its data stays in its own caches (with tiles claimed in one order, the
 * rows changed threads at random each call; on two vCPUs placed far apart, with
 * a 350 ns round trip between them against 120, the two-thread MLP step ran at
 * one thread's speed). A thread claims tiles of generation g only by a
 * compare-and-swap of (g, front, back) to (g, front + n, back) or
 * (g, front, back + n) with front + back + n <= tiles, n an eighth of the tiles
 * left (at least one), so a worker still holding an old generation can never
 * claim a tile of a later task. The caller writes the
 * task (op, tiles, arguments), resets DONE, then publishes NEXT = (g, 0, 0)
 * before JS bumps GEN to g; after the join it closes the word, NEXT =
 * (g, CLOSED), before returning (and so before writing the next task). Hence a
 * successful claim of a tile of g
 * means task g was still incomplete at that moment, so the op and tile count
 * the claimer read after seeing tag g (and the arguments it reads after the
 * claim) are task g's. A thread adds the tiles it ran to DONE once it finds
 * none left to claim; the one whose addition completes the count tells JS to
 * notify the caller. (One addition per thread and claims of several tiles keep
 * the threads off each other's cache lines: on a VM whose two vCPUs sit far apart
 * each such touch costs a 330 ns round trip.)
 *
 * Determinism: a tile always covers whole outputs (rows in multiples of the
 * micro-kernel's 4, whole 8-column panels, whole images) and runs the same
 * instructions as the single-thread path, so results do not depend on the
 * thread count. The one split along a reduction axis, gemm-depth.ts's depth split, adds
 * its partial products in chunk order, as one thread accumulates its depth chunks.
 */
import { gemmRowsTile, packATile, packBTile } from './gemm';
import { depthSumTile, gemmDepthTile } from './gemm-depth';
import { convForwardTile, convInputTile, filterGroupTile, filterPrepTile } from './conv';
import { unaryTile } from './unary';
import { adamTile } from './adam';
import { sgdTile } from './sgd';
import { rmspropTile } from './rmsprop';
import { adagradTile } from './adagrad';
import { adamaxTile } from './adamax';
import { nadamTile } from './nadam';
import { maxPoolTile, maxPoolGradTile } from './pool';
import { layerNormGradTile, layerNormTile } from './layer-norm';
import { affineTile, columnSumTile } from './batch-norm';
import { activationBiasGradTile } from './bias-grad';
import { filterDirectTile } from './filter-direct';
import { smallGemmTile } from './gemv';
import { winogradTile } from './winograd';
import { winogradFilterTile } from './winograd-filter';

/** Wakes the pool, runs tiles here too, and returns when all are done (src/pool/pool.ts). */
@external("env", "parallel")
declare function poolRun(): void;

// Byte offsets in the control block, each counter on its own cache line.
/** Generation counter: bumped by JS to start a task. */
const GEN: usize = 0;
/** Tiles of the current task finished (by any thread). */
const DONE: usize = 64;
/** Claim word (i64): (generation << 32) | (tiles taken from the front << 16) | tiles taken from the back. */
const NEXT: usize = 128;
/** Low half of a closed claim word: its two counts add up to more than any tile count, so nothing more can be claimed. */
const CLOSED: i64 = 0x7fffffff;
/**
 * A claim takes this fraction of the tiles left (at least one): fewer claims on the
 * shared word early in a task, single tiles at its end.
 */
const CLAIM_SHARE: i32 = 8;
/** Most tiles a split task may have (the front count must stay below bit 31). */
const MAX_TILES: i32 = 0x7fff;
const TAG_MASK: i64 = ~0xffffffff;
const OP: usize = 192;
const TILES: usize = 196;
/** The task's i32 arguments: 30 of them, up to the block's end at 320 bytes. */
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
  PackA = 10,
  LayerNorm = 11,
  LayerNormGrad = 12,
  ColumnSum = 13,
  Affine = 14,
  Sgd = 15,
  Rmsprop = 16,
  Adagrad = 17,
  Adamax = 18,
  Nadam = 19,
  GemmDepth = 20,
  DepthSum = 21,
  ActivationBiasGrad = 22,
  FilterDirect = 23,
  SmallGemm = 24,
  FilterGroup = 25,
  Winograd = 26,
  WinogradFilter = 27,
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
  store<i64>(ctrl + NEXT, CLOSED);
}

/** Threads a task of `flops` floating-point operations may use: the pool's size, or 1 when it is too small to pay for the wake-up. */
export function threadsFor(flops: f64): i32 {
  return flops >= minFlops ? threadCount : 1;
}

/**
 * Threads for an element-wise pass over `n` elements costing `flopsPerElement`
 * GEMM flops each (16 by default: one below about 64K elements, where waking the
 * pool costs more than the pass; in-cache passes run at about 100 GB/s).
 */
export function elementThreads(n: i32, flopsPerElement: f64 = 16): i32 {
  return threadsFor(<f64>n * flopsPerElement);
}

/** Elements per tile of an element-wise task on `threads` threads: a multiple of 64, so SIMD blocks never straddle tiles. */
export function elementTile(n: i32, threads: i32): i32 {
  if (threads <= 1) return max(n, 1);
  const share = (n + threads * TILES_PER_THREAD - 1) / (threads * TILES_PER_THREAD);
  return (share + 63) & ~63;
}

/**
 * Runs an element-wise task over `n` elements as ranges of whole SIMD blocks: split
 * across the pool when `n` elements at `flopsPerElement` GEMM flops each pay for it,
 * else as one range on this thread. The caller has set the task's other arguments;
 * this writes `n` and the range length into argument words `nArg` and `nArg + 1`,
 * which tiles read back with {@link rangeStart} and {@link rangeLength}.
 */
export function dispatchElements(task: Task, n: i32, flopsPerElement: f64, nArg: i32): void {
  const threads = elementThreads(n, flopsPerElement);
  const tile = elementTile(n, threads);
  setArg(nArg, n);
  setArg(nArg + 1, tile);
  dispatch(task, (n + tile - 1) / tile, threads);
}

/** First element of range `t` of a {@link dispatchElements} task. */
@inline
export function rangeStart(ctrl: usize, t: i32, nArg: i32): i32 {
  return t * arg(ctrl, nArg + 1);
}

/** Elements in range `t` of a {@link dispatchElements} task. */
@inline
export function rangeLength(ctrl: usize, t: i32, nArg: i32): i32 {
  const tile = arg(ctrl, nArg + 1);
  return min(tile, arg(ctrl, nArg) - t * tile);
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

/** Sets argument word `i` of the next task to the bits of `v`. */
@inline
export function setArgF32(i: i32, v: f32): void {
  setArg(i, reinterpret<i32>(v));
}

/** Argument word `i` of the task at `ctrl`. */
@inline
export function arg(ctrl: usize, i: i32): i32 {
  return load<i32>(ctrl + ARGS + (<usize>i << 2));
}

/** Float argument `i` of the task at `ctrl` (set with {@link setArgF32}). */
@inline
export function argF32(ctrl: usize, i: i32): f32 {
  return reinterpret<f32>(arg(ctrl, i));
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
    if (threads > 1 && tiles > 1 && tiles <= MAX_TILES) {
      // Only this thread writes GEN, so JS's bump below makes it exactly `gen`.
      const gen = atomic.load<i32>(control + GEN) + 1;
      atomic.store<i32>(control + DONE, 0);
      atomic.store<i64>(control + NEXT, (<i64>gen << 32) | 0);
      poolRun();
      // Every tile is done; close the claim word before anything of the next task is written.
      atomic.store<i64>(control + NEXT, (<i64>gen << 32) | CLOSED);
      return;
    }
  }
  // On one thread the tiles run here in order, without touching NEXT: it stays closed, so no worker joins in.
  for (let t = 0; t < tiles; t++) runTile(op, control, t, 0);
}

@inline
function runTile(op: i32, ctrl: usize, t: i32, thread: i32): void {
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
    case Task.PackA: packATile(ctrl, t); break;
    case Task.LayerNorm: layerNormTile(ctrl, t); break;
    case Task.LayerNormGrad: layerNormGradTile(ctrl, t); break;
    case Task.ColumnSum: columnSumTile(ctrl, t); break;
    case Task.Affine: affineTile(ctrl, t); break;
    case Task.Sgd: sgdTile(ctrl, t); break;
    case Task.Rmsprop: rmspropTile(ctrl, t); break;
    case Task.Adagrad: adagradTile(ctrl, t); break;
    case Task.Adamax: adamaxTile(ctrl, t); break;
    case Task.Nadam: nadamTile(ctrl, t); break;
    case Task.GemmDepth: gemmDepthTile(ctrl, t, thread); break;
    case Task.DepthSum: depthSumTile(ctrl, t); break;
    case Task.ActivationBiasGrad: activationBiasGradTile(ctrl, t); break;
    case Task.FilterDirect: filterDirectTile(ctrl, t, thread); break;
    case Task.SmallGemm: smallGemmTile(ctrl, t); break;
    case Task.FilterGroup: filterGroupTile(ctrl, t, thread); break;
    case Task.Winograd: winogradTile(ctrl, t, thread); break;
    case Task.WinogradFilter: winogradFilterTile(ctrl, t, thread); break;
  }
}

/**
 * Claims and runs tiles of generation `gen`'s task at `ctrl` until none are
 * left (or the task is over); `thread` selects per-thread scratch (0 on the
 * caller). Returns 1 when this thread's tiles complete the task (JS then
 * notifies the caller), else 0. Threaded builds only.
 */
export function runTask(ctrl: usize, thread: i32, gen: i32): i32 {
  if (!ASC_FEATURE_THREADS) return 0;
  const tag = <i64>gen << 32;
  let w = atomic.load<i64>(ctrl + NEXT);
  if ((w & TAG_MASK) != tag) return 0; // late: the task is over, or not ours
  // Task `gen`'s, unless it is already over, in which case every claim below fails.
  const op = load<i32>(ctrl + OP);
  const tiles = load<i32>(ctrl + TILES);
  const fromFront = thread == 0;
  let done = 0;
  while ((w & TAG_MASK) == tag) {
    const front = <i32>(w >> 16) & 0xffff;
    const back = <i32>w & 0xffff;
    const left = tiles - front - back;
    if (left <= 0) break;
    const count = max(1, left / CLAIM_SHARE);
    const seen = atomic.cmpxchg<i64>(ctrl + NEXT, w, w + (fromFront ? <i64>count << 16 : <i64>count));
    if (seen != w) {
      w = seen; // another thread claimed tiles (or the task closed): retry with what is there
      continue;
    }
    const t0 = fromFront ? front : tiles - back - count;
    for (let t = t0; t < t0 + count; t++) runTile(op, ctrl, t, thread);
    done += count;
    w = atomic.load<i64>(ctrl + NEXT);
  }
  return done > 0 && atomic.add<i32>(ctrl + DONE, done) + done == tiles ? 1 : 0;
}
