/**
 * GELU, tanh approximation (Keras' default): 0.5 x (1 + tanh(u)) with
 * u = sqrt(2/pi) (x + 0.044715 x^3), computed as x sigmoid(2u) so negative
 * inputs do not cancel.
 *
 * For |x| of about 8 and more, 2u reaches -60 and below, and e^(2u) amplifies
 * any error in 2u: rounding 2u to f32 alone would cost |2u| * 2^-24 (4e-6 at
 * x = -9). So v = 2u is evaluated in f64 and split into an f32 pair hi + lo,
 * and e^-|v| = e^-|hi| (1 -+ lo), exact to first order since |lo| <= ulp(hi) / 2.
 */
import { expV } from './vmath';

const TWO_SQRT_2_OVER_PI: f64 = 1.5957691216057308;
const C: f64 = 0.044715;

/**
 * 2u for the two f64 lanes of `x`, clamped to [-200, 200] (sigmoid is saturated
 * long before) so infinite inputs still split into finite hi + lo; NaN stays NaN.
 */
@inline
function argument(x: v128): v128 {
  const x2 = f64x2.mul(x, x);
  const v = f64x2.mul(f64x2.splat(TWO_SQRT_2_OVER_PI), f64x2.add(x, f64x2.mul(f64x2.splat(C), f64x2.mul(x2, x))));
  return f64x2.pmin(f64x2.pmax(v, f64x2.splat(-200)), f64x2.splat(200));
}

/** GELU (tanh approximation) on four f32 lanes. */
@inline
export function geluTanhV(x: v128): v128 {
  const vLow = argument(f64x2.promote_low_f32x4(x));
  const vHigh = argument(f64x2.promote_low_f32x4(v128.shuffle<i32>(x, x, 2, 3, 0, 1)));
  const hLow = f32x4.demote_f64x2_zero(vLow);
  const hHigh = f32x4.demote_f64x2_zero(vHigh);
  const lLow = f32x4.demote_f64x2_zero(f64x2.sub(vLow, f64x2.promote_low_f32x4(hLow)));
  const lHigh = f32x4.demote_f64x2_zero(f64x2.sub(vHigh, f64x2.promote_low_f32x4(hHigh)));
  const hi = v128.shuffle<i64>(hLow, hHigh, 0, 2);
  const lo = v128.shuffle<i64>(lLow, lHigh, 0, 2);
  const negative = f32x4.lt(hi, f32x4.splat(0));
  // -|v| = -|hi| - sign(hi) lo, and e^(-sign(hi) lo) = 1 - sign(hi) lo to first order.
  const signedLo = v128.bitselect(lo, f32x4.neg(lo), negative);
  const e = f32x4.mul(expV(f32x4.neg(f32x4.abs(hi))), f32x4.sub(f32x4.splat(1.0), signedLo));
  const num = v128.bitselect(e, f32x4.splat(1.0), negative);
  return f32x4.mul(x, f32x4.div(num, f32x4.add(e, f32x4.splat(1.0))));
}
