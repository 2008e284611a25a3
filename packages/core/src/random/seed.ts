/**
 * Seeds: Keras' `SeedGenerator`, the global generator behind unseeded calls (reseeded by
 * `setRandomSeed`), and how a `seed` argument becomes a Philox key.
 */
import { randomWords } from './philox.js';

/** A Philox key: [seed, counter], as the uint32 pair Keras keeps in a SeedGenerator's state. */
export type SeedState = readonly [number, number];

/** Checks an integer seed and reduces it modulo 2^32. */
function checkSeed(seed: number, where: string): number {
  if (!Number.isSafeInteger(seed)) throw new TypeError(`${where}: seed must be an integer, received ${seed}.`);
  return seed >>> 0;
}

let globalGenerator: SeedGenerator | undefined;

/** The next key of the global SeedGenerator, created from Math.random unless `setRandomSeed` seeded it. */
function nextGlobalKey(): SeedState {
  globalGenerator ??= new SeedGenerator(Math.floor(Math.random() * 2 ** 32));
  return globalGenerator.next();
}

/**
 * Reseeds the global generator that every random call without a seed draws from
 * (Keras' `keras.utils.set_random_seed`): afterwards unseeded random ops, initializers
 * and SeedGenerators created without a seed (Dropout layers) and fit's shuffling
 * repeat the same sequence on every run.
 */
export function setRandomSeed(seed: number): void {
  globalGenerator = new SeedGenerator(checkSeed(seed, 'setRandomSeed'));
}

/**
 * A fresh integer seed in [0, 2^31) for objects created without one (Keras'
 * `make_default_seed`), drawn from the global generator.
 */
export function makeDefaultSeed(): number {
  return randomWords(nextGlobalKey(), 1)[0]! >>> 1;
}

/**
 * A stateful seed source (Keras' `keras.random.SeedGenerator`): passing it as `seed`
 * gives different numbers on each call, reproducibly from its initial seed. The state
 * is [seed, counter]; each `next()` returns it and increments the counter.
 */
export class SeedGenerator {
  /** The seed it was created with (drawn from the global generator when none was given). */
  readonly initialSeed: number;
  private counter = 0;

  /** A generator starting from `seed` (an integer, taken modulo 2^32), or from {@link makeDefaultSeed}. */
  constructor(seed?: number) {
    this.initialSeed = seed === undefined ? makeDefaultSeed() : checkSeed(seed, 'SeedGenerator');
  }

  /** The current state [seed, counter]. */
  get state(): SeedState {
    return [this.initialSeed, this.counter];
  }

  /** Returns the current state and advances the counter (Keras' `next()`). */
  next(): SeedState {
    const s = this.state;
    this.counter = (this.counter + 1) >>> 0;
    return s;
  }
}

/** What random functions accept as `seed`: an integer (same numbers every call), a SeedGenerator, or nothing. */
export type Seed = number | SeedGenerator | null | undefined;

/**
 * The key for one random call (Keras' `draw_seed`): an integer seed s gives [s, 0]
 * (the same as the first draw of `new SeedGenerator(s)`); a SeedGenerator gives its
 * `next()`; no seed draws from the global SeedGenerator, so unseeded calls differ from
 * each other, and from run to run unless `setRandomSeed` fixed the global seed.
 */
export function drawSeed(seed: Seed, where: string): SeedState {
  if (seed instanceof SeedGenerator) return seed.next();
  if (seed === undefined || seed === null) return nextGlobalKey();
  if (typeof seed !== 'number') {
    throw new TypeError(`${where}: seed must be an integer or a SeedGenerator, received ${typeof seed}.`);
  }
  return [checkSeed(seed, where), 0];
}
