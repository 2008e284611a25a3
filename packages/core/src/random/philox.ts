/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11;
 * the Random123 library): a counter-based generator. Output block = f(counter, key),
 * so any element can be computed independently, on any backend, with identical bits.
 */

/** Round multipliers (Random123's PHILOX_M4x32_0 and _1). */
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
/** Key schedule increments (Weyl sequence): the golden ratio and sqrt(3) - 1, as 32-bit fractions. */
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
/** Rounds: 10, Random123's default and the crush-resistant choice. */
const ROUNDS = 10;

/** The high 32 bits of the 64-bit product of two unsigned 32-bit integers (exact, via 16-bit halves). */
function mulhi(a: number, b: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const lo = aLo * bLo;
  const mid1 = aHi * bLo;
  const mid2 = aLo * bHi;
  const carry = ((lo >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff)) >>> 16;
  return (aHi * bHi + (mid1 >>> 16) + (mid2 >>> 16) + carry) >>> 0;
}

/**
 * One Philox4x32-10 block: encrypts `counter` (4 words) under `key` (2 words) and
 * writes 4 unsigned 32-bit words to `out` at `offset`.
 */
export function philox4x32(counter: readonly number[], key: readonly number[], out: Uint32Array, offset = 0): void {
  let c0 = counter[0]! >>> 0;
  let c1 = counter[1]! >>> 0;
  let c2 = counter[2]! >>> 0;
  let c3 = counter[3]! >>> 0;
  let k0 = key[0]! >>> 0;
  let k1 = key[1]! >>> 0;
  for (let r = 0; r < ROUNDS; r++) {
    const hi0 = mulhi(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  out[offset] = c0;
  out[offset + 1] = c1;
  out[offset + 2] = c2;
  out[offset + 3] = c3;
}

/**
 * `n` random 32-bit words for `key`, from stream `stream`: word w is word (w mod 4)
 * of the block with counter (floor(w / 4), stream, 0, 0).
 */
export function randomWords(key: readonly [number, number], n: number, stream = 0): Uint32Array {
  const blocks = Math.ceil(n / 4);
  const buf = new Uint32Array(blocks * 4);
  const counter = [0, stream, 0, 0];
  for (let b = 0; b < blocks; b++) {
    counter[0] = b;
    philox4x32(counter, key, buf, b * 4);
  }
  return n === buf.length ? buf : buf.subarray(0, n);
}
