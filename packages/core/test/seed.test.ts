import { describe, expect, it } from 'vitest';
import { makeDefaultSeed, permutation, SeedGenerator, setRandomSeed } from '../src/random/index.js';

/** What an unseeded program draws: default seeds, a generator's first key, and a shuffle order. */
function unseededDraws(): unknown[] {
  return [makeDefaultSeed(), makeDefaultSeed(), new SeedGenerator().state, Array.from(permutation(20))];
}

describe('setRandomSeed', () => {
  it('makes everything drawn from the global generator repeat', () => {
    setRandomSeed(42);
    const a = unseededDraws();
    setRandomSeed(42);
    expect(unseededDraws()).toEqual(a);
    setRandomSeed(43);
    expect(unseededDraws()).not.toEqual(a);
  });

  it('leaves explicit seeds alone', () => {
    setRandomSeed(1);
    const a = Array.from(permutation(20, 7));
    setRandomSeed(2);
    expect(Array.from(permutation(20, 7))).toEqual(a);
    expect(new SeedGenerator(5).state).toEqual([5, 0]);
  });

  it('rejects a seed that is not an integer', () => {
    expect(() => setRandomSeed(1.5)).toThrow('setRandomSeed: seed must be an integer');
  });
});

describe('permutation', () => {
  it('holds every index once', () => {
    expect(Array.from(permutation(50, 3)).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(permutation(0, 3)).toHaveLength(0);
  });

  it('rejects a negative or fractional length', () => {
    expect(() => permutation(-1)).toThrow('permutation: n must be a non-negative integer');
    expect(() => permutation(2.5)).toThrow('permutation: n must be a non-negative integer');
  });
});
