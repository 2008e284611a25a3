// What the caller's thread and the pool workers share, in plain JavaScript
// (worker_threads cannot load TypeScript; protocol.d.mts types it for src/).
//
// The control block (CONTROL_BYTES of the shared memory, laid out as in
// assembly/parallel.ts, each counter on its own cache line) runs one task at a
// time as tiles. The command ring (RING_HEADER_BYTES, then RING_SLOTS float64
// slots) queues kernel calls: the caller's thread writes records and publishes
// HEAD; whichever thread holds LOCK (the executor worker, or the caller's
// thread when that worker sleeps or while it waits for results) runs them in
// order and publishes TAIL after each call. A record is [kind, length, ...]:
// kind >= 0 calls queued kernel `kind` with the length - 2 slots after it as
// arguments (padding included: extra arguments are ignored); DATA holds bytes
// a later call reads (metadata, an upload); WRAP fills the ring's end. Lengths
// are even, so a record never has a single slot left before the end.

/** Bytes of the control block. */
export const CONTROL_BYTES = 320;
/** Int32 index (from the control block's start) of the generation counter: bumped once per task; workers wait on it. */
export const GEN = 0;
/** Int32 index of the count of tiles of the current task finished (by any thread); the task's caller waits on it. */
export const DONE = 16;
/** Int32 index of the current task's tile count (written by the kernels). */
export const TILES = 49;

/** Bytes of the ring's header. */
export const RING_HEADER_BYTES = 320;
/** Float64 slots of the ring (1 MiB; a power of two). */
export const RING_SLOTS = 131072;
/** Int32 index (from the ring header's start) of the published head: slots written so far (wrapping at 2^32). */
export const HEAD = 0;
/** Int32 index of the tail: slots consumed so far, up to the end of the last call run. */
export const TAIL = 16;
/** Int32 index of the executor lock: 1 while a thread runs queued calls. */
export const LOCK = 32;
/** Int32 index of the executor worker's state: 1 while it is awake (it picks up new calls within a microsecond). */
export const AWAKE = 48;
/** Int32 index of the failure flag: 1 once a queued call threw (the caller's next wait reports it). */
export const FAILED = 64;
/** Record kind: bytes for a later call. */
export const DATA = -2;
/** Record kind: padding to the ring's end. */
export const WRAP = -1;

// Loads of DONE (about 0.12 ms at 7-8 ns a load) before a task's caller sleeps
// on it where it may block: the last tiles usually finish within that, and a
// spinning join costs about 1 us against 50-70 us for a sleeping one (wasm-kernels.md §6).
const SPIN = 1 << 14;

/**
 * Runs the task the kernels just wrote into the control block (`ctrl`, viewed as
 * `i32`) on every thread of the pool: bumps GEN, wakes sleepers, runs tiles here
 * as thread `thread`, then waits until every tile is done (sleeping on DONE only
 * where `canBlock`). Returns the task's generation.
 */
export function runPoolTask(i32, ctrl, runTask, thread, canBlock) {
  const tiles = i32[TILES];
  // `| 0` wraps like the kernels' i32 generation.
  const gen = (Atomics.add(i32, GEN, 1) + 1) | 0;
  Atomics.notify(i32, GEN);
  runTask(ctrl, thread, gen);
  // No tile is left to claim; wait for those still running elsewhere (the thread finishing the last one notifies).
  let spins = 0;
  for (let done = Atomics.load(i32, DONE); done < tiles; done = Atomics.load(i32, DONE)) {
    if (canBlock && ++spins >= SPIN) Atomics.wait(i32, DONE, done);
  }
  return gen;
}

/**
 * Views of the ring at `header` in `memory`, with `fns`, the queued kernels
 * (indexed by record kind) of the instance that will run them.
 */
export function openRing(memory, header, fns) {
  return {
    h: new Int32Array(memory.buffer, header, RING_HEADER_BYTES / 4),
    f64: new Float64Array(memory.buffer, header + RING_HEADER_BYTES, RING_SLOTS),
    fns,
    args: [],
  };
}

/** Whether the ring holds published calls no thread has run yet. */
export function pending(ring) {
  return Atomics.load(ring.h, TAIL) !== Atomics.load(ring.h, HEAD);
}

/**
 * Takes the executor lock if it is free and runs every published call, in
 * order, until none is left; returns whether this thread held the lock. After
 * a call throws, the rest are skipped (their results are undefined) and FAILED
 * stays set until the caller's thread reports it.
 */
export function drain(ring) {
  const { h, f64, fns, args } = ring;
  if (Atomics.compareExchange(h, LOCK, 0, 1) !== 0) return false;
  try {
    let tail = Atomics.load(h, TAIL);
    let head = Atomics.load(h, HEAD);
    while (tail !== head) {
      const at = tail & (RING_SLOTS - 1);
      const kind = f64[at];
      const length = f64[at + 1];
      tail = (tail + length) | 0;
      if (kind >= 0) {
        if (Atomics.load(h, FAILED) === 0) {
          args.length = length - 2;
          for (let i = 0; i < args.length; i++) args[i] = f64[at + 2 + i];
          try {
            Reflect.apply(fns[kind], undefined, args);
          } catch {
            Atomics.store(h, FAILED, 1);
          }
        }
        Atomics.store(h, TAIL, tail);
      }
      if (tail === head) head = Atomics.load(h, HEAD);
    }
    // Everything published is done (DATA or WRAP records at the end included).
    Atomics.store(h, TAIL, tail);
  } finally {
    Atomics.store(h, LOCK, 0);
  }
  return true;
}
