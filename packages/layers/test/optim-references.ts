/**
 * Float64 re-implementations of Keras 3's optimizer update rules (keras/src/optimizers/*.py),
 * one element at a time, for the optimizer tests.
 */

/** Runs `steps` updates of every element of `w` with per-step gradients; `update` keeps per-element state. */
function run<S>(w: readonly number[], grads: readonly (readonly number[])[], init: () => S, update: (w: number, g: number, s: S, t: number) => number): number[] {
  const state = w.map(() => init());
  const out = [...w];
  grads.forEach((g, step) => {
    for (let i = 0; i < out.length; i++) out[i] = update(out[i]!, g[i]!, state[i]!, step + 1);
  });
  return out;
}

export function sgdRef(w: readonly number[], grads: readonly (readonly number[])[], lr: number, momentum = 0, nesterov = false): number[] {
  return run(w, grads, () => ({ m: 0 }), (x, g, s) => {
    if (momentum === 0) return x - lr * g;
    s.m = momentum * s.m - lr * g;
    return x + (nesterov ? momentum * s.m - lr * g : s.m);
  });
}

export function adamRef(
  w: readonly number[], grads: readonly (readonly number[])[], lr: number,
  o: { beta1?: number; beta2?: number; epsilon?: number; amsgrad?: boolean; weightDecay?: number } = {},
): number[] {
  const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, amsgrad = false, weightDecay = 0 } = o;
  return run(w, grads, () => ({ m: 0, v: 0, vHat: 0 }), (x, g, s, t) => {
    x -= x * weightDecay * lr;
    s.m += (g - s.m) * (1 - beta1);
    s.v += (g * g - s.v) * (1 - beta2);
    const alpha = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
    s.vHat = Math.max(s.vHat, s.v);
    return x - (s.m * alpha) / (Math.sqrt(amsgrad ? s.vHat : s.v) + epsilon);
  });
}

export function rmspropRef(
  w: readonly number[], grads: readonly (readonly number[])[], lr: number,
  o: { rho?: number; momentum?: number; epsilon?: number; centered?: boolean } = {},
): number[] {
  const { rho = 0.9, momentum = 0, epsilon = 1e-7, centered = false } = o;
  return run(w, grads, () => ({ v: 0, a: 0, mom: 0 }), (x, g, s) => {
    s.v = rho * s.v + (1 - rho) * g * g;
    let denominator = s.v + epsilon;
    if (centered) {
      s.a = rho * s.a + (1 - rho) * g;
      denominator = s.v - s.a * s.a + epsilon;
    }
    const increment = (lr * g) / Math.sqrt(denominator);
    if (momentum > 0) {
      s.mom = momentum * s.mom + increment;
      return x - s.mom;
    }
    return x - increment;
  });
}

export function adagradRef(w: readonly number[], grads: readonly (readonly number[])[], lr: number, initial = 0.1, epsilon = 1e-7): number[] {
  return run(w, grads, () => ({ acc: initial }), (x, g, s) => {
    s.acc += g * g;
    return x - (lr * g) / Math.sqrt(s.acc + epsilon);
  });
}

export function adamaxRef(w: readonly number[], grads: readonly (readonly number[])[], lr: number, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7): number[] {
  return run(w, grads, () => ({ m: 0, u: 0 }), (x, g, s, t) => {
    s.m += (g - s.m) * (1 - beta1);
    s.u = Math.max(beta2 * s.u, Math.abs(g));
    return x - (lr * s.m) / ((1 - beta1 ** t) * (s.u + epsilon));
  });
}

export function nadamRef(w: readonly number[], grads: readonly (readonly number[])[], lr: number, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7): number[] {
  const u = (t: number): number => beta1 * (1 - 0.5 * 0.96 ** t);
  let uProduct = 1;
  const out = [...w];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  grads.forEach((g, step) => {
    const t = step + 1;
    uProduct *= u(t);
    const uProductNext = uProduct * u(t + 1);
    for (let i = 0; i < out.length; i++) {
      m[i]! += (g[i]! - m[i]!) * (1 - beta1);
      v[i]! += (g[i]! * g[i]! - v[i]!) * (1 - beta2);
      const mHat = (u(t + 1) * m[i]!) / (1 - uProductNext) + ((1 - u(t)) * g[i]!) / (1 - uProduct);
      const vHat = v[i]! / (1 - beta2 ** t);
      out[i]! -= (mHat * lr) / (Math.sqrt(vHat) + epsilon);
    }
  });
  return out;
}
