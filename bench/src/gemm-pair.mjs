/**
 * `pnpm --filter bench gemm-pair [-- --shapes 512x512x512,1024x1024x1024:tA] [--seconds 20]
 * [--cand DIR | --roof] [--threads 1,2] [--variant relaxed|simd]`: paired timings of matmul
 * products, for changes smaller than this host's drift. Two configurations run call after call, in
 * alternating order, for `--seconds` per shape; the median of the per-pair time ratios is what
 * changed (a slow phase of the shared host slows both sides of a pair alike, where medians taken
 * seconds apart move by 10-30%).
 *
 * With `--cand DIR` the two sides are the relaxed builds in packages/kernels-wasm/build and those in
 * DIR (kernels-relaxed.wasm, kernels-relaxed-mt.wasm: build them with
 * `npx asc assembly/relaxed.ts --target relaxed --outFile DIR/kernels-relaxed.wasm`, and
 * `assembly/threads.ts --target relaxed-threads` for the other), at each of `--threads` (default 2);
 * with `--roof`, the built relaxed variant on one thread and the fastest one-thread roof loop
 * (FMA or mul+add, bench/src/roof.mjs) doing the product's flops, so the ratio is the product's fraction of the roof
 * at that moment; with neither, the built relaxed variant on one thread and on two (the speedup).
 * `--variant simd` runs the plain SIMD builds (kernels.wasm, kernels-mt.wasm) instead, and `--roof`
 * then the one-thread mul+add roof loop.
 *
 * A shape is MxNxK, with `:tA` or `:tB` for the transposes, or a convolution's forward pass, input
 * gradient or filter gradient: `forward:ref`, `input:ref` or `filter:ref`, the bench's reference shape
 * (batch 32, 28x28x32 -> 64, 3x3 same), or `forward:cnn`, `input:cnn` or `filter:cnn`, the second
 * convolution of the bench's CNN (batch 64, 13x13x32 -> 64, 3x3 valid).
 */
import { readFileSync } from 'node:fs';
import * as core from '@keras/core';
import { createWasmBackend } from '@keras/kernels-wasm';
// The node entry starts its pool with this for the packaged builds only; other builds need it by path.
import { spawnNodeWorker } from '../../packages/kernels-wasm/dist/pool/spawn-node.js';
import { REF_GEOMETRY, convFlops } from './cases/conv.mjs';
import { roofWorkload } from './roof.mjs';
import { randomArray } from './util.mjs';

/** Convolutions whose filter gradient a shape may name. */
const CONVS = {
  ref: REF_GEOMETRY,
  cnn: { ...REF_GEOMETRY, batch: 64, inH: 13, inW: 13, outH: 11, outW: 11, padTop: 0, padLeft: 0 },
};

/** What each convolution role of a shape times. */
const ROLES = { forward: 'forward pass', input: 'input gradient', filter: 'filter gradient' };

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const shapes = option('--shapes', '256x256x256,512x512x512').split(',').map(parseShape);
const seconds = Number(option('--seconds', 20));
const cand = option('--cand', null);
const againstRoof = args.includes('--roof');
const threadCounts = option('--threads', cand ? '2' : '1,2').split(',').map(Number);
const variant = option('--variant', 'relaxed');
if (variant !== 'relaxed' && variant !== 'simd') throw new Error(`gemm-pair: --variant is relaxed or simd; received '${variant}'`);
const relaxed = variant === 'relaxed';
const BUILT = new URL('../../packages/kernels-wasm/build/', import.meta.url);

/** `MxNxK[:tA|:tB]` as { m, n, k, transA, transB }; `ROLE:NAME` (a key of ROLES and of CONVS) as { conv, role, name, flops }. */
function parseShape(text) {
  const [dims, flag = ''] = text.split(':');
  if (dims in ROLES) {
    const conv = CONVS[flag];
    if (!conv) throw new Error(`gemm-pair: a convolution is ${dims}:${Object.keys(CONVS).join(` or ${dims}:`)}; received '${text}'`);
    return { conv, role: dims, name: `${flag} ${ROLES[dims]}`, flops: convFlops(conv) };
  }
  const [m, n, k] = dims.split('x').map(Number);
  if (![m, n, k].every((d) => d > 0)) throw new Error(`gemm-pair: a shape is MxNxK[:tA|:tB]; received '${text}'`);
  return { m, n, k, transA: flag === 'tA', transB: flag === 'tB', flops: 2 * m * n * k };
}

/** The wasm backend of `--variant` from `dir` (a URL or a path ending in '/') on `threads` threads, every kernel run as it is called. */
async function backendFrom(dir, threads) {
  const file = `kernels${relaxed ? '-relaxed' : ''}${threads > 1 ? '-mt' : ''}.wasm`;
  const bytes = readFileSync(typeof dir === 'string' ? `${dir.replace(/\/?$/, '/')}${file}` : new URL(file, dir));
  return createWasmBackend({ bytes, threads, spawnWorker: spawnNodeWorker, asyncDispatch: false });
}

/** A function running one call of `shape` on `backend` and returning its output, which the caller disposes. */
function caller(backend, shape) {
  core.useBackend(backend);
  if (shape.conv) {
    const g = shape.conv;
    const x = new core.Variable(core.fromTypedArray(randomArray(g.batch * g.inH * g.inW * g.inC, 1, 1), [g.batch, g.inH, g.inW, g.inC], 'float32'));
    if (shape.role === 'forward') {
      const w = new core.Variable(core.fromTypedArray(randomArray(g.kH * g.kW * g.inC * g.outC, 1, 2), [g.kH, g.kW, g.inC, g.outC], 'float32'));
      return () => core.ops.conv(x, w, { padding: g.padTop > 0 ? 'same' : 'valid' });
    }
    const dy = new core.Variable(core.fromTypedArray(randomArray(g.batch * g.outH * g.outW * g.outC, 1, 2), [g.batch, g.outH, g.outW, g.outC], 'float32'));
    if (shape.role === 'input') {
      const w = new core.Variable(core.fromTypedArray(randomArray(g.kH * g.kW * g.inC * g.outC, 1, 3), [g.kH, g.kW, g.inC, g.outC], 'float32'));
      return () => {
        const dx = core.empty([g.batch, g.inH, g.inW, g.inC], 'float32');
        core.kernel('conv2dBackpropInput')({ ...g, dy: dy.dataId, filter: w.dataId, dx: dx.dataId });
        return dx;
      };
    }
    return () => {
      const dw = core.empty([g.kH, g.kW, g.inC, g.outC], 'float32');
      core.kernel('conv2dBackpropFilter')({ ...g, x: x.dataId, dy: dy.dataId, dw: dw.dataId });
      return dw;
    };
  }
  const { m, n, k, transA, transB } = shape;
  const a = new core.Variable(core.fromTypedArray(randomArray(m * k, 1, 1), transA ? [k, m] : [m, k], 'float32'));
  const b = new core.Variable(core.fromTypedArray(randomArray(k * n, 1, 2), transB ? [n, k] : [k, n], 'float32'));
  return () => core.ops.matmulT(a, b, { transA, transB });
}

/**
 * A function timing one call of `shape` on `backend`, in µs, after a warm-up. Each
 * timing follows an untimed call on the same backend: the other side's pool worker
 * spins for about 0.25 ms after its last task (src/pool/worker-loop.mjs), and on two
 * cores a timed call that overlapped it would share its core with that spin.
 */
function timer(backend, shape) {
  const call = caller(backend, shape);
  const time = () => {
    core.useBackend(backend);
    call().dispose();
    const t0 = performance.now();
    call().dispose();
    return (performance.now() - t0) * 1000;
  };
  for (let i = 0; i < 10; i++) time();
  return time;
}

/**
 * A function timing, in µs, the fastest one-thread roof loop of `--variant` (mul+add, and
 * FMA for relaxed; roof.mjs) for about `flops` floating-point operations on this thread.
 */
function roofTimer(flops) {
  const loop = roofWorkload(flops, relaxed);
  return () => {
    const t0 = performance.now();
    loop.run();
    return ((performance.now() - t0) * 1000 * flops) / loop.flops;
  };
}

/** Quantile `p` of `xs`. */
const quantile = (xs, p) => [...xs].sort((u, v) => u - v)[Math.floor(p * (xs.length - 1))];

/** Alternates the two timers for `seconds`; prints the paired ratios (second over first) and each side's times. */
function comparePaired(label, [nameA, timeA], [nameB, timeB]) {
  const ratios = [];
  const a = [];
  const b = [];
  const end = performance.now() + seconds * 1000;
  for (let flip = false; performance.now() < end; flip = !flip) {
    let ta;
    let tb;
    if (flip) {
      ta = timeA();
      tb = timeB();
    } else {
      tb = timeB();
      ta = timeA();
    }
    ratios.push(tb / ta);
    a.push(ta);
    b.push(tb);
  }
  const q = (xs) => `${quantile(xs, 0.25).toFixed(3)} / ${quantile(xs, 0.5).toFixed(3)} / ${quantile(xs, 0.75).toFixed(3)}`;
  const t = (xs) => `${quantile(xs, 0.1).toFixed(0)} / ${quantile(xs, 0.5).toFixed(0)} µs`;
  console.log(`${label}: ${ratios.length} pairs; ${nameB} / ${nameA} time, p25 / median / p75: ${q(ratios)}; p10 / median: ${nameA} ${t(a)}, ${nameB} ${t(b)}`);
}

const describe = ({ name, m, n, k, transA, transB }) => name ?? `${m}x${n}x${k}${transA ? ' transA' : ''}${transB ? ' transB' : ''}`;
if (cand) {
  for (const threads of threadCounts) {
    const base = await backendFrom(BUILT, threads);
    const other = await backendFrom(cand, threads);
    for (const shape of shapes) {
      comparePaired(`${describe(shape)}, ${threads} thread(s)`, ['built', timer(base, shape)], ['candidate', timer(other, shape)]);
    }
  }
} else if (againstRoof) {
  const one = await backendFrom(BUILT, 1);
  for (const shape of shapes) {
    comparePaired(`${describe(shape)}, fraction of the roof`, ['1 thread', timer(one, shape)], ['roof', roofTimer(shape.flops)]);
  }
} else {
  const [few, many] = [Math.min(...threadCounts), Math.max(...threadCounts)];
  const one = await backendFrom(BUILT, few);
  const two = await backendFrom(BUILT, many);
  for (const shape of shapes) {
    comparePaired(describe(shape), [`${many} threads`, timer(two, shape)], [`${few} thread(s)`, timer(one, shape)]);
  }
}
process.exit(0);
