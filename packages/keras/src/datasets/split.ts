/**
 * The seeded train/test split of the embedded data sets: a Fisher-Yates shuffle
 * driven by mulberry32 (a small 32-bit generator), so a seed gives the same split
 * on every runtime.
 */

/** Options of a seeded split. */
export interface SplitOptions {
  /** The fraction of rows held out for testing, in [0, 1). Default 0.2. */
  testSplit?: number;
  /** The seed of the shuffle. Default 1337. */
  seed?: number;
}

/** mulberry32: a generator of uniform floats in [0, 1) from a 32-bit seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Row indices of the training and test parts: all rows shuffled with `seed`, the first `round(n * testSplit)` held out. */
export function seededSplit(rows: number, options: SplitOptions = {}): { train: Int32Array; test: Int32Array } {
  const { testSplit = 0.2, seed = 1337 } = options;
  if (!(testSplit >= 0 && testSplit < 1)) {
    throw new RangeError(`loadData: \`testSplit\` must be in [0, 1). Received: testSplit=${testSplit}`);
  }
  if (!Number.isInteger(seed)) throw new TypeError(`loadData: \`seed\` must be an integer. Received: seed=${seed}`);
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  const random = mulberry32(seed);
  for (let i = rows - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const testRows = Math.round(rows * testSplit);
  return { test: order.subarray(0, testRows), train: order.subarray(testRows) };
}
