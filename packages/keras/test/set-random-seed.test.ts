/**
 * `keras.utils.setRandomSeed` is core's global seed (the training it makes reproducible
 * is tested in @keras/layers): after it, everything drawn without a seed repeats.
 */
import { describe, expect, it } from 'vitest';
import * as keras from '../src/index.js';

describe('keras.utils.setRandomSeed', () => {
  it('reseeds the global generator behind unseeded random calls', () => {
    expect(keras.utils.setRandomSeed).toBe(keras.random.setRandomSeed);
    keras.utils.setRandomSeed(7);
    const a = [Array.from(keras.random.permutation(16)), keras.random.makeDefaultSeed()];
    keras.utils.setRandomSeed(7);
    expect([Array.from(keras.random.permutation(16)), keras.random.makeDefaultSeed()]).toEqual(a);
    keras.utils.setRandomSeed(8);
    expect([Array.from(keras.random.permutation(16)), keras.random.makeDefaultSeed()]).not.toEqual(a);
  });
});
