/**
 * Learning-rate schedules (Keras' `keras.optimizers.schedules`).
 */
import type { KerasObjectConfig } from '../../serialization/json.js';
import { ObjectRegistry } from '../../serialization/object-registry.js';
import { CosineDecay, type CosineDecayOptions } from './cosine-decay.js';
import { ExponentialDecay, type ExponentialDecayOptions } from './exponential-decay.js';
import { LearningRateSchedule } from './learning-rate-schedule.js';

export { LearningRateSchedule } from './learning-rate-schedule.js';
export { ExponentialDecay, type ExponentialDecayOptions } from './exponential-decay.js';
export { CosineDecay, type CosineDecayOptions } from './cosine-decay.js';

/** The schedule family, with Keras' class names. */
export const registry = new ObjectRegistry<LearningRateSchedule>(
  'learning rate schedule',
  'keras.optimizers.schedules',
  (v): v is LearningRateSchedule => v instanceof LearningRateSchedule,
);
registry.register('ExponentialDecay', (o) => new ExponentialDecay(o as unknown as ExponentialDecayOptions), ['exponential_decay']);
registry.register('CosineDecay', (o) => new CosineDecay(o as unknown as CosineDecayOptions), ['cosine_decay']);

/** Keras' `schedules.serialize`: `{ module: 'keras.optimizers.schedules', class_name, config, registered_name }`. */
export function serialize(schedule: LearningRateSchedule): KerasObjectConfig {
  return registry.serialize(schedule)!;
}

/** Keras' `schedules.deserialize`. */
export function deserialize(config: KerasObjectConfig): LearningRateSchedule {
  return registry.deserialize(config);
}
