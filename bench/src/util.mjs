/**
 * Small helpers shared by the benchmark: seeded random data, statistics, formatting.
 */
import { seededRandom as rng } from '@keras/core/testing';

/** A Float32Array of `n` values uniform in [-scale, scale), seeded. */
export function randomArray(n, scale = 1, seed = n) {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (r() * 2 - 1) * scale;
  return out;
}

/** One-hot labels [batch, classes] with random classes, seeded. */
export function oneHot(batch, classes, seed = 7) {
  const r = rng(seed);
  const out = new Float32Array(batch * classes);
  for (let i = 0; i < batch; i++) out[i * classes + Math.floor(r() * classes)] = 1;
  return out;
}

/** Glorot-uniform weights [fanIn, fanOut] and zero bias, seeded: `{ w, b, inDim, outDim }`. */
export function denseWeights(inDim, outDim, seed) {
  return { inDim, outDim, w: randomArray(inDim * outDim, Math.sqrt(6 / (inDim + outDim)), seed), b: new Float32Array(outDim) };
}

/** The median of a list of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A time in ms with 3 significant digits (µs below 1 ms). */
export function fmtMs(ms) {
  if (ms === undefined || ms === null || !Number.isFinite(ms)) return '-';
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

/** A count with k / M suffixes and 3 significant digits. */
export function fmtCount(x) {
  if (x === undefined || x === null || !Number.isFinite(x)) return '-';
  if (x >= 1e6) return `${(x / 1e6).toPrecision(3)}M`;
  if (x >= 1e4) return `${(x / 1e3).toPrecision(3)}k`;
  return x >= 100 ? String(Math.round(x)) : x.toPrecision(3);
}

/** Sleeps for `ms`. */
export function sleep(ms) {
  return new Promise((res) => setTimeout(res, ms));
}
