/**
 * Vectorised transcendental functions on four f32 lanes, accurate to a few ulp.
 *
 * exp and expm1 share one range reduction: x = n ln2 + r with |r| <= ln2/2,
 * where ln2 is split into a high part with trailing zero bits (so n * LN2_HI is
 * exact for |n| < 256) and a low correction (Cody-Waite). e^r - 1 comes from a
 * degree-8 Taylor polynomial (truncation error < 1e-8 relative on that interval).
 */

const LOG2E: f32 = 1.4426950408889634;
const LN2_HI: f32 = 0.693145751953125;
const LN2_LO: f32 = 1.428606765330187e-6;

/**
 * Adding 1.5 * 2^23 rounds a float of magnitude below 2^22 to an integer (to
 * nearest even, like `nearest`) and leaves that integer in the low mantissa
 * bits, so one add gives both n as a float (t - MAGIC) and as an int
 * (bits(t) - bits(MAGIC)), without a float-to-int conversion.
 */
const MAGIC: f32 = 12582912.0;
const MAGIC_BITS: i32 = 0x4b400000;

/** x - n ln2 with the two-constant split. */
@inline
function remainderLn2(x: v128, n: v128): v128 {
  const r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  return f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
}

/**
 * Clamps to [lo, hi] keeping NaN: `pmax(x, lo)` is `x < lo ? lo : x`, which
 * returns x when x is NaN (and lowers to one instruction on x86, where
 * `f32x4.max` costs about seven).
 */
@inline
function clampKeepNaN(x: v128, lo: f32, hi: f32): v128 {
  return f32x4.pmin(f32x4.pmax(x, f32x4.splat(lo)), f32x4.splat(hi));
}

/** e^r - 1 for |r| <= ln2/2: r + r^2 (1/2 + r/6 + ... + r^6/8!), Horner form. */
@inline
function expm1Poly(r: v128): v128 {
  let q = f32x4.splat(<f32>(1.0 / 40320.0));
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(<f32>(1.0 / 5040.0)));
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(<f32>(1.0 / 720.0)));
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(<f32>(1.0 / 120.0)));
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(<f32>(1.0 / 24.0)));
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(<f32>(1.0 / 6.0)));
  q = f32x4.add(f32x4.mul(q, r), f32x4.splat(0.5));
  return f32x4.add(r, f32x4.mul(f32x4.mul(r, r), q));
}

/** 2^n for integer lanes n in [-126, 127], built from the exponent bits. */
@inline
function pow2i(n: v128): v128 {
  return i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23);
}

/**
 * e^x. The input is clamped to [-104, 89] (beyond which the f32 result is 0 or
 * +Inf anyway); NaN passes through the clamp. The scale 2^n is applied as two
 * halves 2^(n>>1) * 2^(n - n>>1) so that results in the subnormal range
 * (n < -126) and n = 128 near the overflow threshold stay exact until the
 * final rounding.
 */
@inline
export function expV(x: v128): v128 {
  x = clampKeepNaN(x, -104.0, 89.0);
  const t = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(MAGIC));
  const n = f32x4.sub(t, f32x4.splat(MAGIC));
  const p = expm1Poly(remainderLn2(x, n));
  const ni = i32x4.sub(t, i32x4.splat(MAGIC_BITS));
  const n1 = i32x4.shr_s(ni, 1);
  const y = f32x4.mul(f32x4.add(p, f32x4.splat(1.0)), pow2i(n1));
  return f32x4.mul(y, pow2i(i32x4.sub(ni, n1)));
}

/**
 * e^x - 1, accurate also near zero. With h = 2^(n-1) (exact, n in [-29, 128]):
 * e^x - 1 = 2^n (1 + p) - 1 = 2 (h p + (h - 1/2)); summing before doubling keeps
 * n = 128 from overflowing early and costs a single rounding. Inputs below -20
 * give -1 (the f32 result is -1 there).
 */
@inline
export function expm1V(x: v128): v128 {
  x = clampKeepNaN(x, -20.0, 89.0);
  const t = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(MAGIC));
  const n = f32x4.sub(t, f32x4.splat(MAGIC));
  const p = expm1Poly(remainderLn2(x, n));
  const h: v128 = pow2i(i32x4.sub(i32x4.sub(t, i32x4.splat(MAGIC_BITS)), i32x4.splat(1)));
  const y = f32x4.add(f32x4.mul(h, p), f32x4.sub(h, f32x4.splat(0.5)));
  return f32x4.add(y, y);
}

/**
 * 1 / (1 + e^-x), computed from e = e^-|x| as 1 / (1 + e) for x >= 0 and
 * e / (1 + e) for x < 0, so that large negative inputs keep full relative
 * accuracy instead of cancelling.
 */
@inline
export function sigmoidV(x: v128): v128 {
  const e = expV(f32x4.neg(f32x4.abs(x)));
  const num = v128.bitselect(e, f32x4.splat(1.0), f32x4.lt(x, f32x4.splat(0.0)));
  return f32x4.div(num, f32x4.add(e, f32x4.splat(1.0)));
}

/**
 * tanh(x) = t / (t + 2) with t = e^(2|x|) - 1, sign restored from x. Using expm1
 * keeps full relative accuracy near zero, where 1 - 2/(e^2x + 1) would cancel.
 * |x| is clamped at 10, beyond which tanh rounds to 1 in f32.
 */
@inline
export function tanhV(x: v128): v128 {
  const a = f32x4.pmin(f32x4.abs(x), f32x4.splat(10.0)); // NaN stays NaN: pmin(NaN, 10) is NaN
  const t = expm1V(f32x4.add(a, a));
  const y = f32x4.div(t, f32x4.add(t, f32x4.splat(2.0)));
  return v128.bitselect(x, y, i32x4.splat(0x80000000));
}
