/**
 * Vectorised error function and its complement on four f32 lanes.
 *
 * Below |z| = 1/2, erf is its Maclaurin series to z^13 (truncation below 1e-9).
 * Above, erfc(z) = t exp(-z^2 + P(t)) with t = 1 / (1 + z/2) and the Chebyshev
 * fit P from Numerical Recipes (erfcc: fractional error below 1.2e-7 for all
 * z >= 0). z^2 is split as zh^2 + (z - zh)(z + zh), where zh keeps the top 12
 * mantissa bits so zh^2 is exact; the two parts go through separate exps, since
 * rounding z^2 as a whole would cost up to 4e-6 relative error at z = 4.
 */
import { expV } from './vmath';

/** erf(z) for |z| <= 1/2: z (c0 + c1 z^2 + ... + c6 z^12), c_n = 2/sqrt(pi) (-1)^n / (n! (2n + 1)). */
@inline
function erfSmall(z: v128): v128 {
  const z2 = f32x4.mul(z, z);
  let p = f32x4.splat(<f32>0.00012055332981789664);
  p = f32x4.add(f32x4.mul(p, z2), f32x4.splat(<f32>-0.0008548327023450852));
  p = f32x4.add(f32x4.mul(p, z2), f32x4.splat(<f32>0.005223977625442188));
  p = f32x4.add(f32x4.mul(p, z2), f32x4.splat(<f32>-0.026866170645131252));
  p = f32x4.add(f32x4.mul(p, z2), f32x4.splat(<f32>0.11283791670955126));
  p = f32x4.add(f32x4.mul(p, z2), f32x4.splat(<f32>-0.37612638903183754));
  p = f32x4.add(f32x4.mul(p, z2), f32x4.splat(<f32>1.1283791670955126));
  return f32x4.mul(z, p);
}

/**
 * erfc(a) for a >= 0 (Numerical Recipes' erfcc), where a^2 = u^2 (or u^2 / 2 when
 * `half`): the square is taken from u so that it can be split exactly.
 */
@inline
function erfcTail(a: v128, u: v128, half: bool): v128 {
  const t = f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), f32x4.mul(f32x4.splat(0.5), a)));
  let p = f32x4.splat(<f32>0.17087277);
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>-0.82215223));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>1.48851587));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>-1.13520398));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>0.27886807));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>-0.18628806));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>0.09678418));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>0.37409196));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>1.00002368));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32>-1.26551223));
  // Beyond |u| = 15 the result is 0 in f32 (erfc(10.6) < 2^-150); clamping keeps Inf out of the split.
  u = f32x4.pmin(f32x4.abs(u), f32x4.splat(15.0));
  const uh = v128.and(u, i32x4.splat(0xfffff000));
  let hi = f32x4.mul(uh, uh);
  let lo = f32x4.mul(f32x4.sub(u, uh), f32x4.add(u, uh));
  if (half) {
    hi = f32x4.mul(hi, f32x4.splat(0.5));
    lo = f32x4.mul(lo, f32x4.splat(0.5));
  }
  const e = f32x4.mul(expV(f32x4.neg(hi)), expV(f32x4.sub(p, lo)));
  return f32x4.mul(t, e);
}

/** The error function (odd; NaN passes through). */
@inline
export function erfV(x: v128): v128 {
  const a = f32x4.abs(x);
  const one = f32x4.sub(f32x4.splat(1.0), erfcTail(a, a, false));
  const large = v128.bitselect(x, one, i32x4.splat(0x80000000)); // copy the sign of x
  return v128.bitselect(erfSmall(x), large, f32x4.lt(a, f32x4.splat(0.5)));
}

/**
 * Exact GELU, 0.5 x erfc(-x / sqrt 2): erfc rather than 1 + erf so negative
 * inputs do not cancel, with the tail's square taken from x (a^2 = x^2 / 2).
 */
@inline
export function geluExactV(x: v128): v128 {
  const z = f32x4.mul(x, f32x4.splat(<f32>-0.7071067811865476));
  const a = f32x4.abs(z);
  const tail = erfcTail(a, x, true);
  const large = v128.bitselect(tail, f32x4.sub(f32x4.splat(2.0), tail), f32x4.gt(z, f32x4.splat(0)));
  const small = f32x4.sub(f32x4.splat(1.0), erfSmall(z));
  return f32x4.mul(f32x4.mul(f32x4.splat(0.5), x), v128.bitselect(small, large, f32x4.lt(a, f32x4.splat(0.5))));
}
