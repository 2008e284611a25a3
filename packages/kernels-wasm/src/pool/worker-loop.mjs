// The loop every pool worker runs (plain JavaScript: worker_threads cannot load
// TypeScript). It instantiates the kernels against the shared memory, reports
// ready, then for each new generation claims and runs tiles of that generation
// (none, when it wakes too late) and notifies the caller when it finished the
// last one. Layout: src/pool/control.ts; claims: assembly/parallel.ts.

const GEN = 0;
const DONE = 16;
// Iterations of Atomics.load before sleeping in Atomics.wait. Waking a sleeping
// worker took 53-73 us here, against about 1 us for a spinning one
// (wasm-kernels.md §6); 2^15 loads spin for about 0.25 ms (7-8 ns a load
// measured here), which covers the JS between the ops of a training step
// without burning a core for long when the pool is idle.
const SPIN = 1 << 15;

/**
 * Runs a pool worker until terminated. `init` is { module, memory, ctrl, index };
 * `ready` is called once the instance exists.
 */
export function workerLoop({ module, memory, ctrl, index }, ready) {
  const instance = new WebAssembly.Instance(module, {
    env: {
      memory,
      abort() {
        throw new Error('wasm kernels: abort');
      },
      parallel() {
        throw new Error('wasm kernels: a tile dispatched a task');
      },
    },
  });
  const runTask = instance.exports.runTask;
  // The control block is allocated first, so it lies within the memory's first buffer forever.
  const i32 = new Int32Array(memory.buffer, ctrl, 64);
  let seen = Atomics.load(i32, GEN);
  ready();
  for (;;) {
    let spins = 0;
    while (Atomics.load(i32, GEN) === seen) {
      if (++spins === SPIN) {
        Atomics.wait(i32, GEN, seen);
        spins = 0;
      }
    }
    seen = Atomics.load(i32, GEN);
    if (runTask(ctrl, index, seen)) Atomics.notify(i32, DONE);
  }
}
