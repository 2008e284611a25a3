/**
 * The seeded train/test split of the embedded data sets: the rows in the order of
 * core's seeded `random.permutation` (Philox), so a seed gives the same split on every
 * runtime and backend.
 */
import { random } from '@keras/core';

/** Options of a seeded split. */
export interface SplitOptions {
  /** The fraction of rows held out for testing, in [0, 1). Default 0.2. */
  testSplit?: number;
  /** The seed of the shuffle. Default 1337. */
  seed?: number;
}

/** Row indices of the training and test parts: all rows shuffled with `seed`, the first `round(n * testSplit)` held out. */
export function seededSplit(rows: number, options: SplitOptions = {}): { train: Int32Array; test: Int32Array } {
  const { testSplit = 0.2, seed = 1337 } = options;
  if (!(testSplit >= 0 && testSplit < 1)) {
    throw new RangeError(`loadData: \`testSplit\` must be in [0, 1). Received: testSplit=${testSplit}`);
  }
  if (!Number.isInteger(seed)) throw new TypeError(`loadData: \`seed\` must be an integer. Received: seed=${seed}`);
  const order = random.permutation(rows, seed);
  const testRows = Math.round(rows * testSplit);
  return { test: order.subarray(0, testRows), train: order.subarray(testRows) };
}
