// The loop every pool worker runs (plain JavaScript: worker_threads cannot load
// TypeScript). It instantiates the kernels against the shared memory, reports
// ready, then for each new generation claims and runs tiles of that generation
// (none, when it wakes too late) and notifies the task's caller when it
// finished the last one. The executor worker (the one given the command ring)
// also runs the calls the caller's thread queues, while that thread goes on
// with the JavaScript of the next ops; a task of a queued call is then
// dispatched from here. Layout and claims: protocol.mjs, assembly/parallel.ts.
import { AWAKE, DONE, GEN, drain, openRing, pending, runPoolTask } from './protocol.mjs';

// Iterations of the idle check before sleeping in Atomics.wait. Waking a sleeping
// worker took 53-73 us here, against about 1 us for a spinning one
// (wasm-kernels.md §6); 2^15 rounds spin for about 0.25 ms (7-8 ns a load
// measured here), which covers the JS between the ops of a training step
// without burning a core for long when the pool is idle.
const SPIN = 1 << 15;

/**
 * Runs a pool worker until terminated. `init` is { module, memory, ctrl, index,
 * threads, minParallelFlops, ring, queued }: `ring` (the command ring's address,
 * or 0) and `queued` (the names of the queued kernels, by record kind) make it
 * the executor. `ready` is called once the instance exists.
 */
export function workerLoop({ module, memory, ctrl, index, threads, minParallelFlops, ring: ringAt, queued }, ready) {
  let seen = 0;
  let executing = false;
  const instance = new WebAssembly.Instance(module, {
    env: {
      memory,
      abort() {
        throw new Error('wasm kernels: abort');
      },
      parallel() {
        if (!executing) throw new Error('wasm kernels: a tile dispatched a task');
        seen = runPoolTask(i32, ctrl, runTask, index, true);
      },
    },
  });
  const { runTask, setPool } = instance.exports;
  // The control block and the ring are allocated before any tensor, so they lie within the memory's first buffer forever.
  const i32 = new Int32Array(memory.buffer, ctrl, 64);
  const ring = ringAt ? openRing(memory, ringAt, queued.map((name) => instance.exports[name])) : undefined;
  // This instance's kernels dispatch their own tasks when it executes queued calls.
  if (ring) setPool(ctrl, threads, minParallelFlops);
  seen = Atomics.load(i32, GEN);
  ready();
  for (;;) {
    if (ring) Atomics.store(ring.h, AWAKE, 1);
    for (let spins = 0; spins < SPIN; spins++) {
      const gen = Atomics.load(i32, GEN);
      if (gen !== seen) {
        seen = gen;
        if (runTask(ctrl, index, gen)) Atomics.notify(i32, DONE);
        spins = 0;
      } else if (ring && pending(ring)) {
        executing = true;
        if (drain(ring)) spins = 0;
        executing = false;
      }
    }
    if (ring) {
      // The caller's thread runs what it queues itself while this is 0; a call published before it saw the 0 is ours.
      Atomics.store(ring.h, AWAKE, 0);
      if (pending(ring)) continue;
    }
    Atomics.wait(i32, GEN, seen);
  }
}
