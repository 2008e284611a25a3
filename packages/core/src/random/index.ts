/**
 * `random`: Keras' `keras.random`, on a counter-based Philox4x32-10 generator in JS,
 * so a seed gives identical values on every backend.
 */
export { SeedGenerator, setRandomSeed, makeDefaultSeed, type Seed, type SeedState } from './seed.js';
export { uniform, normal, truncatedNormal, randint, type UniformOptions, type NormalOptions, type RandintOptions } from './distributions.js';
export { dropout, type DropoutOptions } from './dropout.js';
export { shuffle, permutation } from './shuffle.js';
export { philox4x32, randomWords } from './philox.js';
export { uniformSamples, normalSamples } from './samples.js';
