/**
 * ExponentialDecay: `initialLearningRate * decayRate ^ (step / decaySteps)`.
 */
import type { JsonObject } from '../../serialization/json.js';
import { LearningRateSchedule, positiveSteps } from './learning-rate-schedule.js';

/** Options of {@link ExponentialDecay} (Keras' arguments in camelCase). */
export interface ExponentialDecayOptions {
  initialLearningRate: number;
  /** Steps per decay period; must be > 0. */
  decaySteps: number;
  decayRate: number;
  /** When true, `step / decaySteps` is floored: the rate drops in discrete intervals. Default false. */
  staircase?: boolean;
  /** Default 'ExponentialDecay'. */
  name?: string;
}

/** Exponential decay of the learning rate with the optimizer step (Keras' `ExponentialDecay`). */
export class ExponentialDecay extends LearningRateSchedule {
  static override readonly className: string = 'ExponentialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  readonly name: string;

  constructor(options: ExponentialDecayOptions) {
    super();
    this.initialLearningRate = options.initialLearningRate;
    this.decaySteps = positiveSteps(options.decaySteps, 'ExponentialDecay', 'decaySteps');
    this.decayRate = options.decayRate;
    this.staircase = options.staircase ?? false;
    this.name = options.name ?? 'ExponentialDecay';
  }

  /** The decayed learning rate at `step`. */
  call(step: number): number {
    const p = this.staircase ? Math.floor(step / this.decaySteps) : step / this.decaySteps;
    return this.initialLearningRate * this.decayRate ** p;
  }

  /** Keras' config. */
  getConfig(): JsonObject {
    return {
      initial_learning_rate: this.initialLearningRate,
      decay_steps: this.decaySteps,
      decay_rate: this.decayRate,
      staircase: this.staircase,
      name: this.name,
    };
  }
}
