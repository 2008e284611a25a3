/**
 * AdamW: Adam with decoupled weight decay on by default.
 */
import { Adam, type AdamOptions } from './adam.js';

/**
 * Keras' AdamW: Adam (learning rate 0.001) with `weightDecay` 0.004, applied as
 * `w -= w * weightDecay * lr` before each Adam update.
 */
export class AdamW extends Adam {
  static override readonly className: string = 'AdamW';

  constructor(options: AdamOptions = {}) {
    super({ ...options, weightDecay: options.weightDecay ?? 0.004 }, { learningRate: 0.001, name: 'adamw' });
  }
}
