/**
 * One fused Adam/AdamW step in place over p, m and v (Keras' form: the caller folds
 * the bias corrections into lrT and epsHat). Parameters: [size, lrT, beta1, beta2, epsHat].
 */
import { elementwiseEntry, header } from './common.js';

/** WGSL of the Adam update. */
export function adamShader(): string {
  return `${header([
    { name: 'p', type: 'f32', access: 'read_write' },
    { name: 'g', type: 'f32', access: 'read' },
    { name: 'm', type: 'f32', access: 'read_write' },
    { name: 'v', type: 'f32', access: 'read_write' },
  ])}
${elementwiseEntry(`  let beta1 = pf(2u);
  let beta2 = pf(3u);
  let grad = g[i];
  let mi = beta1 * m[i] + (1.0 - beta1) * grad;
  let vi = beta2 * v[i] + (1.0 - beta2) * (grad * grad);
  m[i] = mi;
  v[i] = vi;
  p[i] = p[i] - pf(1u) * mi / (sqrt(vi) + pf(4u));`)}`;
}
