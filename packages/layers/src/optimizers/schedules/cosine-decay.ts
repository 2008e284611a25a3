/**
 * CosineDecay: an optional linear warmup, then a cosine decay (SGDR without restarts).
 */
import type { JsonObject } from '../../serialization/json.js';
import { LearningRateSchedule, positiveSteps } from './learning-rate-schedule.js';

/** Options of {@link CosineDecay} (Keras' arguments in camelCase). */
export interface CosineDecayOptions {
  initialLearningRate: number;
  /** Steps to decay over; must be > 0. */
  decaySteps: number;
  /** The final learning rate as a fraction of the decay's starting rate. Default 0. */
  alpha?: number;
  /** Default 'CosineDecay'. */
  name?: string;
  /** When set, the rate first rises linearly from `initialLearningRate` to this value over `warmupSteps`. Default null (no warmup). */
  warmupTarget?: number | null;
  /** Steps of linear warmup. Default 0. */
  warmupSteps?: number;
}

/** Cosine decay of the learning rate, with optional linear warmup (Keras' `CosineDecay`). */
export class CosineDecay extends LearningRateSchedule {
  static override readonly className: string = 'CosineDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly name: string;
  readonly warmupTarget: number | null;
  readonly warmupSteps: number;

  constructor(options: CosineDecayOptions) {
    super();
    this.initialLearningRate = options.initialLearningRate;
    this.decaySteps = positiveSteps(options.decaySteps, 'CosineDecay', 'decaySteps');
    this.alpha = options.alpha ?? 0;
    this.name = options.name ?? 'CosineDecay';
    this.warmupTarget = options.warmupTarget ?? null;
    this.warmupSteps = options.warmupSteps ?? 0;
  }

  /** The learning rate at `step`. */
  call(step: number): number {
    if (this.warmupTarget === null) return this.decay(Math.min(step, this.decaySteps), this.initialLearningRate);
    const s = Math.min(step, this.decaySteps + this.warmupSteps);
    if (s < this.warmupSteps) {
      return (this.warmupTarget - this.initialLearningRate) * (s / this.warmupSteps) + this.initialLearningRate;
    }
    return this.decay(s - this.warmupSteps, this.warmupTarget);
  }

  private decay(step: number, from: number): number {
    const cosine = 0.5 * (1 + Math.cos(Math.PI * (step / this.decaySteps)));
    return from * ((1 - this.alpha) * cosine + this.alpha);
  }

  /** Keras' config. */
  getConfig(): JsonObject {
    return {
      initial_learning_rate: this.initialLearningRate,
      decay_steps: this.decaySteps,
      alpha: this.alpha,
      name: this.name,
      warmup_target: this.warmupTarget,
      warmup_steps: this.warmupSteps,
    };
  }
}
