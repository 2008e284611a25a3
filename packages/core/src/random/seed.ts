/**
 * Seeds: Keras' `SeedGenerator` and how a `seed` argument becomes a Philox key.
 */

/** A Philox key: [seed, counter], as the uint32 pair Keras keeps in a SeedGenerator's state. */
export type SeedState = readonly [number, number];

/** Checks an integer seed and reduces it modulo 2^32. */
function checkSeed(seed: number, where: string): number {
  if (!Number.isSafeInteger(seed)) throw new TypeError(`${where}: seed must be an integer, received ${seed}.`);
  return seed >>> 0;
}

/** A fresh seed from Math.random, for generators created without one (Keras' `make_default_seed`). */
function defaultSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}

/**
 * A stateful seed source (Keras' `keras.random.SeedGenerator`): passing it as `seed`
 * gives different numbers on each call, reproducibly from its initial seed. The state
 * is [seed, counter]; each `next()` returns it and increments the counter.
 */
export class SeedGenerator {
  /** The seed it was created with (random when none was given). */
  readonly initialSeed: number;
  private counter = 0;

  /** A generator starting from `seed` (an integer, taken modulo 2^32), or from a random seed. */
  constructor(seed?: number) {
    this.initialSeed = seed === undefined ? defaultSeed() : checkSeed(seed, 'SeedGenerator');
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

let globalGenerator: SeedGenerator | undefined;

/**
 * The key for one random call (Keras' `draw_seed`): an integer seed s gives [s, 0]
 * (the same as the first draw of `new SeedGenerator(s)`); a SeedGenerator gives its
 * `next()`; no seed draws from a global SeedGenerator seeded once from Math.random,
 * so unseeded calls differ from each other and from run to run.
 */
export function drawSeed(seed: Seed, where: string): SeedState {
  if (seed instanceof SeedGenerator) return seed.next();
  if (seed === undefined || seed === null) {
    globalGenerator ??= new SeedGenerator();
    return globalGenerator.next();
  }
  if (typeof seed !== 'number') {
    throw new TypeError(`${where}: seed must be an integer or a SeedGenerator, received ${typeof seed}.`);
  }
  return [checkSeed(seed, where), 0];
}
