/**
 * The fused Adam step, updating p, m and v in place (each holder gets a new tensor).
 */
import type { KernelTable } from '@keras/core';
import { replace, view, type Tfjs } from '../holder.js';

/** The `adamUpdate` kernel over a tfjs module. */
export function optimizerKernels(tf: Tfjs): Pick<KernelTable, 'adamUpdate'> {
  return {
    adamUpdate: ({ p, g, m, v, size, lrT, beta1, beta2, epsHat }) => {
      const [p1, m1, v1] = tf.tidy(() => {
        const grad = view(tf, g, [size]);
        const m1 = tf.add(tf.mul(view(tf, m, [size]), beta1), tf.mul(grad, 1 - beta1));
        const v1 = tf.add(tf.mul(view(tf, v, [size]), beta2), tf.mul(tf.square(grad), 1 - beta2));
        const step = tf.div(tf.mul(m1, lrT), tf.add(tf.sqrt(v1), epsHat));
        return [tf.sub(view(tf, p, [size]), step), m1, v1];
      });
      replace(p, p1!);
      replace(m, m1!);
      replace(v, v1!);
    },
  };
}
