/**
 * The machine's roof: a hand-assembled wasm loop of independent f32x4 multiply-adds
 * (`acc = acc * m + c` on 10-14 accumulators, unrolled), timed on 1..T threads at
 * once. The best GFLOP/s seen in a run is that run's roof for the variant (plain
 * SIMD mul+add, or relaxed-SIMD FMA) and thread count.
 */
import { Worker } from 'node:worker_threads';

const UNROLL = 4;
const ACCUMULATORS = [10, 12, 14];

/** Unsigned LEB128. */
function uleb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** A length-prefixed section. */
function section(id, bytes) {
  return [id, ...uleb(bytes.length), ...bytes];
}

/** v128.const of four equal f32 lanes. */
function f32x4Const(x) {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  for (let i = 0; i < 4; i++) v.setFloat32(i * 4, x, true);
  return [0xfd, 0x0c, ...b];
}

/**
 * The roof module: export `roof(iters: i32) -> f32`, each iteration doing
 * UNROLL * acc * 8 flop. `fma` uses f32x4.relaxed_madd instead of mul + add.
 */
export function roofModuleBytes(acc, fma) {
  const M = acc; // local index of m (after param 0 and acc accumulators at 1..acc)
  const C = acc + 1;
  const body = [];
  body.push(...f32x4Const(0.99991), 0x21, ...uleb(M + 1));
  body.push(...f32x4Const(0.0001), 0x21, ...uleb(C + 1));
  for (let i = 0; i < acc; i++) body.push(...f32x4Const(0.5 + i / 64), 0x21, ...uleb(i + 1));
  body.push(0x03, 0x40); // loop (void)
  for (let u = 0; u < UNROLL; u++) {
    for (let i = 0; i < acc; i++) {
      body.push(0x20, ...uleb(i + 1), 0x20, ...uleb(M + 1));
      if (fma) body.push(0x20, ...uleb(C + 1), 0xfd, ...uleb(0x105)); // f32x4.relaxed_madd
      else body.push(0xfd, ...uleb(0xe6), 0x20, ...uleb(C + 1), 0xfd, ...uleb(0xe4)); // f32x4.mul, f32x4.add
      body.push(0x21, ...uleb(i + 1));
    }
  }
  // iters -= 1; br_if loop
  body.push(0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b);
  body.push(0x20, 0x01);
  for (let i = 1; i < acc; i++) body.push(0x20, ...uleb(i + 1), 0xfd, ...uleb(0xe4));
  body.push(0xfd, 0x1f, 0x00, 0x0b); // f32x4.extract_lane 0; end
  const locals = [0x01, ...uleb(acc + 2), 0x7b];
  const func = [...locals, ...body];
  const code = [0x01, ...uleb(func.length), ...func];
  const name = [...new TextEncoder().encode('roof')];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x01, 0x60, 0x01, 0x7f, 0x01, 0x7d]),
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, ...uleb(name.length), ...name, 0x00, 0x00]),
    ...section(10, code),
  ]);
}

/** Whether this engine accepts relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd). */
export function relaxedSupported() {
  return WebAssembly.validate(roofModuleBytes(12, true));
}

const WORKER_SRC = `
const { parentPort, workerData } = require('node:worker_threads');
const { modules, arrived } = workerData;
const roofs = modules.map((m) => new WebAssembly.Instance(m).exports.roof);
parentPort.on('message', ({ i, iters, threads, round }) => {
  // Barrier: every thread starts the timed loop together.
  Atomics.add(arrived, 0, 1);
  while (Atomics.load(arrived, 0) < threads * round);
  const t0 = performance.now();
  roofs[i](iters);
  parentPort.postMessage(performance.now() - t0);
});
`;

/**
 * The roof loops on this thread, one per accumulator count: { acc, module, roof(iters),
 * flopPerIter }, plain SIMD or relaxed FMA.
 */
export function roofLoops(fma) {
  return ACCUMULATORS.map((acc) => {
    const module = new WebAssembly.Module(roofModuleBytes(acc, fma));
    return { acc, module, roof: new WebAssembly.Instance(module).exports.roof, flopPerIter: UNROLL * acc * 8 };
  });
}

/** Milliseconds of one call of `roof(iters)`. */
function timeLoop(roof, iters) {
  const t0 = performance.now();
  roof(iters);
  return performance.now() - t0;
}

/** Flops of each calibration call in {@link roofWorkload}: about 2-3 ms of a roof loop here. */
const CALIBRATION_FLOPS = 1e8;

/**
 * The fastest roof loop on this thread (mul+add, and FMA too when `fma`; each accumulator
 * count's best time per flop over five warmed calls of {@link CALIBRATION_FLOPS}) set up for
 * about `flops` floating-point operations a call: { run(), flops (what one call does) }.
 * What a product's time is set against, call next to call, for its fraction of the roof.
 */
export function roofWorkload(flops, fma) {
  const loops = [...roofLoops(false), ...(fma ? roofLoops(true) : [])];
  const cost = (l) => {
    const iters = Math.max(1, Math.round(CALIBRATION_FLOPS / l.flopPerIter));
    return Math.min(...Array.from({ length: 5 }, () => (timeLoop(l.roof, iters), timeLoop(l.roof, iters)))) / (iters * l.flopPerIter);
  };
  const best = loops.map((l) => ({ ...l, cost: cost(l) })).reduce((a, b) => (b.cost < a.cost ? b : a));
  const iters = Math.max(1, Math.round(flops / best.flopPerIter));
  return { run: () => best.roof(iters), flops: iters * best.flopPerIter };
}

/** A roof meter for `threads` concurrent loops; `measure()` times one round of every variant. */
export class RoofMeter {
  /** Compiles the variants; call `start()` before `measure()` and `close()` at the end. */
  constructor({ threads = 1, fma = false, targetMs = 60 } = {}) {
    this.threads = threads;
    this.fma = fma;
    this.targetMs = targetMs;
    this.round = 0;
    /** The lowest round (best variant of the round), GFLOP/s: shows other work on the machine during the run. */
    this.worstRound = Infinity;
    this.variants = roofLoops(fma).map((loop) => ({ ...loop, iters: 0, best: 0 }));
  }

  /** Calibrates each variant's iteration count (one round takes about targetMs) and starts the workers. */
  start() {
    for (const v of this.variants) {
      v.roof(1000);
      for (let iters = 20000; ; iters *= 4) {
        const t0 = performance.now();
        v.roof(iters);
        const ms = performance.now() - t0;
        if (ms > this.targetMs / 4) {
          v.iters = Math.ceil((iters * this.targetMs) / ms);
          break;
        }
      }
    }
    if (this.threads > 1) {
      this.arrived = new Int32Array(new SharedArrayBuffer(4));
      const modules = this.variants.map((v) => v.module);
      this.workers = Array.from({ length: this.threads }, () => new Worker(WORKER_SRC, { eval: true, workerData: { modules, arrived: this.arrived } }));
    }
    return this;
  }

  /** One timed round of every variant on all threads at once; returns the best GFLOP/s of the round. */
  async measure() {
    let best = 0;
    for (const [i, v] of this.variants.entries()) {
      let ms;
      if (this.threads === 1) {
        const t0 = performance.now();
        v.roof(v.iters);
        ms = performance.now() - t0;
      } else {
        this.round++;
        const t0 = performance.now();
        await Promise.all(this.workers.map((w) => new Promise((res, rej) => {
          w.once('error', rej);
          w.once('message', (ms) => { w.off('error', rej); res(ms); });
          w.postMessage({ i, iters: v.iters, threads: this.threads, round: this.round });
        })));
        ms = performance.now() - t0;
      }
      const gflops = (this.threads * v.iters * v.flopPerIter) / (ms * 1e6);
      v.best = Math.max(v.best, gflops);
      best = Math.max(best, gflops);
    }
    this.worstRound = Math.min(this.worstRound, best);
    return best;
  }

  /** The best GFLOP/s over all rounds so far. */
  get best() {
    return Math.max(...this.variants.map((v) => v.best));
  }

  /** Stops the workers. */
  async close() {
    await Promise.all((this.workers ?? []).map((w) => w.terminate()));
  }
}
