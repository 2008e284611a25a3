/**
 * `keras.utils`: Keras' utilities that are not layers, ops or data sets.
 */
import { random } from '@keras/core';

/**
 * Seeds every unseeded source of randomness (Keras' `keras.utils.set_random_seed`):
 * random ops, initializers and Dropout layers created without a seed, and fit's
 * shuffling, so the same program trains the same weights on every run.
 */
export const setRandomSeed: (seed: number) => void = random.setRandomSeed;
