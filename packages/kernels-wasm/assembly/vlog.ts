/**
 * Vectorised natural logarithms on four f32 lanes, accurate to a few ulp.
 *
 * log: write x = m 2^k with m in [sqrt(1/2), sqrt(2)) by re-biasing the exponent
 * bits (subnormals are first scaled by 2^23). With f = m - 1 (exact) and
 * s = f / (2 + f), ln m = 2 atanh(s) = f - f^2/2 + s (f^2/2 + R(s^2)) where
 * R(z) = 2z/3 + 2z^2/5 + ... + 2z^5/11 is the atanh series (|s| <= 0.172, so
 * the next term is below 1e-11), the arrangement fdlibm/musl use to keep the
 * leading terms exact. k ln2 is added in two parts (Cody-Waite).
 */

const LN2_HI: f32 = 0.693145751953125;
const LN2_LO: f32 = 1.428606765330187e-6;
/** Bit distance between 1.0 and sqrt(1/2): shifts the exponent boundary to sqrt(1/2). */
const SQRT_HALF_BITS: i32 = 0x3f3504f3;
const ONE_BITS: i32 = 0x3f800000;

/** Natural logarithm: -Inf at 0, NaN below 0, +Inf and NaN pass through. */
@inline
export function logV(x: v128): v128 {
  const tiny = f32x4.lt(x, f32x4.splat(1.17549435e-38));
  const xs = v128.bitselect(f32x4.mul(x, f32x4.splat(8388608.0)), x, tiny);
  const bits = i32x4.add(xs, i32x4.splat(ONE_BITS - SQRT_HALF_BITS));
  const k = i32x4.sub(
    i32x4.sub(i32x4.shr_s(bits, 23), i32x4.splat(127)),
    v128.and(tiny, i32x4.splat(23)),
  );
  const m = i32x4.add(v128.and(bits, i32x4.splat(0x007fffff)), i32x4.splat(SQRT_HALF_BITS));
  const f = f32x4.sub(m, f32x4.splat(1.0));
  const s = f32x4.div(f, f32x4.add(f32x4.splat(2.0), f));
  const z = f32x4.mul(s, s);
  let r = f32x4.splat(<f32>(2.0 / 11.0));
  r = f32x4.add(f32x4.mul(r, z), f32x4.splat(<f32>(2.0 / 9.0)));
  r = f32x4.add(f32x4.mul(r, z), f32x4.splat(<f32>(2.0 / 7.0)));
  r = f32x4.add(f32x4.mul(r, z), f32x4.splat(<f32>(2.0 / 5.0)));
  r = f32x4.add(f32x4.mul(r, z), f32x4.splat(<f32>(2.0 / 3.0)));
  r = f32x4.mul(r, z);
  const hfsq = f32x4.mul(f32x4.splat(0.5), f32x4.mul(f, f));
  const kf = f32x4.convert_i32x4_s(k);
  let y = f32x4.add(f32x4.mul(s, f32x4.add(hfsq, r)), f32x4.mul(kf, f32x4.splat(LN2_LO)));
  y = f32x4.add(f32x4.add(f32x4.sub(y, hfsq), f), f32x4.mul(kf, f32x4.splat(LN2_HI)));
  // Special inputs: 0 -> -Inf, negative -> NaN, +Inf and NaN -> themselves.
  y = v128.bitselect(f32x4.splat(-Infinity), y, f32x4.eq(x, f32x4.splat(0)));
  y = v128.bitselect(f32x4.splat(NaN), y, f32x4.lt(x, f32x4.splat(0)));
  return v128.bitselect(x, y, v128.or(f32x4.ne(x, x), f32x4.eq(x, f32x4.splat(Infinity))));
}

/**
 * ln(1 + x). With u = 1 + x rounded, ln(1 + x) = ln(u) + (1 + x - u) / u to
 * first order, and (1 + x - u) is recovered exactly as x - (u - 1); when u
 * rounds to 1 this gives x itself.
 */
@inline
export function log1pV(x: v128): v128 {
  const u = f32x4.add(x, f32x4.splat(1.0));
  const y = f32x4.sub(logV(u), f32x4.div(f32x4.sub(f32x4.sub(u, f32x4.splat(1.0)), x), u));
  // u = 0 (x = -1) and u = +Inf make the correction 0/0 or Inf/Inf: take ln(u) there.
  return v128.bitselect(logV(u), y, v128.or(f32x4.eq(u, f32x4.splat(0)), f32x4.eq(u, f32x4.splat(Infinity))));
}
