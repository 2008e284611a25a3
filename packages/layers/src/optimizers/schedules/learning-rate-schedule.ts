/**
 * The learning-rate schedule base class (Keras' `keras.optimizers.schedules.LearningRateSchedule`).
 */

import type { JsonObject } from '../../serialization/json.js';

/**
 * Maps an optimizer step (0 at the first update) to a learning rate. Pass one as an
 * optimizer's `learningRate`; the optimizer evaluates it at its `iterations` each step.
 */
export abstract class LearningRateSchedule {
  /** The Keras class name, used by `serialize` (kept explicit so minified bundles serialize correctly). */
  static readonly className: string = 'LearningRateSchedule';

  /** The Keras class name of this schedule. */
  get className(): string {
    return (this.constructor as typeof LearningRateSchedule).className;
  }

  /** The learning rate at optimizer step `step`. */
  abstract call(step: number): number;

  /** Keras' config (snake_case keys), the inverse of the constructor. */
  abstract getConfig(): JsonObject;
}

/** Reads a required positive number from options, with a clear error naming the schedule. */
export function positiveSteps(value: number, schedule: string, what: string): number {
  if (!(value > 0)) throw new RangeError(`${schedule}: argument \`${what}\` must be > 0. Received: ${what}=${value}.`);
  return value;
}
