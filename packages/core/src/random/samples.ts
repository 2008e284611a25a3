/**
 * Turning Philox words into uniform and normal samples (in float64; the caller rounds to float32).
 */
import { philox4x32, randomWords } from './philox.js';
import type { SeedState } from './seed.js';

const TWO_POW_M24 = 2 ** -24;
const TWO_POW_M32 = 2 ** -32;
const TWO_POW_M53 = 2 ** -53;

/** A uniform float in [0, 1) from the top 24 bits of a word: exact in float32, never rounds up to 1. */
export function unitFloat(word: number): number {
  return (word >>> 8) * TWO_POW_M24;
}

/** A uniform double in [0, 1) from 53 bits of two words (for integer ranges up to 2^32 without visible bias). */
export function unitDouble(hi: number, lo: number): number {
  return ((hi >>> 0) * 2 ** 21 + (lo >>> 11)) * TWO_POW_M53;
}

/** `n` uniform samples in [0, 1): sample i is `unitFloat` of word i. */
export function uniformSamples(key: SeedState, n: number, stream = 0): Float64Array {
  return Float64Array.from(randomWords(key, n, stream), unitFloat);
}

/**
 * Box-Muller: words w0, w1 give the pair r cos(2 pi u2), r sin(2 pi u2) with
 * r = sqrt(-2 ln u1), u1 = (w0 + 1) / 2^32 in (0, 1] (never log 0), u2 = w1 / 2^32.
 */
function boxMuller(w0: number, w1: number, second: boolean): number {
  const r = Math.sqrt(-2 * Math.log((w0 + 1) * TWO_POW_M32));
  const theta = 2 * Math.PI * w1 * TWO_POW_M32;
  return second ? r * Math.sin(theta) : r * Math.cos(theta);
}

/** `n` standard normal samples: samples 2p and 2p+1 are the Box-Muller pair of words 2p and 2p+1. */
export function normalSamples(key: SeedState, n: number, stream = 0): Float64Array {
  const words = randomWords(key, n + (n % 2), stream);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = i - (i % 2);
    out[i] = boxMuller(words[p]!, words[p + 1]!, i % 2 === 1);
  }
  return out;
}

/** Sample i of `normalSamples(key, n, stream)` alone (one Philox block). */
export function normalSampleAt(key: SeedState, i: number, stream: number): number {
  const block = new Uint32Array(4);
  philox4x32([Math.floor(i / 4), stream, 0, 0], key, block);
  const p = i % 4 < 2 ? 0 : 2;
  return boxMuller(block[p]!, block[p + 1]!, i % 2 === 1);
}
