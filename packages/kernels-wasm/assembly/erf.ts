/**
 * The error function and its complement in scalar f64, rounded to f32 by callers.
 *
 * Near zero erf uses its Maclaurin series; elsewhere erfc uses the Chebyshev fit
 * from Numerical Recipes (erfcc, fractional error below 1.2e-7 for all x >= 0),
 * and erf = 1 - erfc. erfc is kept separate so that 1 + erf(x) for negative x
 * (as in exact GELU) does not cancel.
 */

const TWO_OVER_SQRT_PI: f64 = 1.1283791670955126;

/** erf(z) for |z| <= 1/2 from 13 terms of its series (error below 1e-16). */
@inline
function erfSeries(z: f64): f64 {
  const z2 = z * z;
  let term = z;
  let sum = z;
  for (let n = 1; n <= 12; n++) {
    term *= -z2 / <f64>n;
    sum += term / <f64>(2 * n + 1);
  }
  return sum * TWO_OVER_SQRT_PI;
}

/** erfc(z) for z >= 0 (Numerical Recipes' erfcc). */
@inline
function erfcPositive(z: f64): f64 {
  const t = 1.0 / (1.0 + 0.5 * z);
  const poly =
    -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * NativeMath.exp(-z * z + poly);
}

/** The error function. */
export function erf64(x: f64): f64 {
  const z = Math.abs(x);
  if (z <= 0.5) return erfSeries(x);
  const r = 1.0 - erfcPositive(z);
  return x < 0 ? -r : r;
}

/** The complementary error function 1 - erf(x), accurate for large positive x. */
export function erfc64(x: f64): f64 {
  if (Math.abs(x) <= 0.5) return 1.0 - erfSeries(x);
  return x > 0 ? erfcPositive(x) : 2.0 - erfcPositive(-x);
}
