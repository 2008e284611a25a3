import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../src/index.js';
import { freshKeras, restoreEnv } from './fresh.js';

type Keras = Awaited<ReturnType<typeof freshKeras>>;
let keras: Keras;
let home: string;
let settingsHome: string;

beforeAll(async () => {
  settingsHome = mkdtempSync(join(tmpdir(), 'keras-home-'));
  keras = await freshKeras({ KERAS_HOME: settingsHome, KERAS_BACKEND: undefined });
  await keras.ready();
});
afterAll(() => {
  restoreEnv();
  rmSync(settingsHome, { recursive: true, force: true });
});
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'keras-home-'));
  process.env.KERAS_HOME = home;
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const values = async (t: Tensor) => Array.from(await t.data());
const disposeAll = (split: [[Tensor, Tensor], [Tensor, Tensor]]) => split.flat().forEach((t) => t.dispose());

describe('embedded data sets', () => {
  const cases = [
    { name: 'breastCancer', rows: 569, sample: [30], classes: 2 },
    { name: 'iris', rows: 150, sample: [4], classes: 3 },
    { name: 'wine', rows: 178, sample: [13], classes: 3 },
    { name: 'digits', rows: 1797, sample: [8, 8], classes: 10 },
  ] as const;

  for (const c of cases) {
    it(`${c.name}: shapes, dtypes, label range, default 0.2 test split`, async () => {
      const dataset = keras.datasets[c.name];
      expect(dataset.sampleShape).toEqual(c.sample);
      expect(dataset.classNames).toHaveLength(c.classes);
      const split = await dataset.loadData();
      const [[xTrain, yTrain], [xTest, yTest]] = split;
      const nTest = Math.round(c.rows * 0.2);
      expect(xTrain.shape).toEqual([c.rows - nTest, ...c.sample]);
      expect(xTest.shape).toEqual([nTest, ...c.sample]);
      expect(yTrain.shape).toEqual([c.rows - nTest]);
      expect(yTest.shape).toEqual([nTest]);
      expect([xTrain.dtype, yTrain.dtype]).toEqual(['float32', 'int32']);
      const labels = [...(await values(yTrain)), ...(await values(yTest))];
      expect(new Set(labels)).toEqual(new Set(Array.from({ length: c.classes }, (_, i) => i)));
      expect((await values(xTrain)).every(Number.isFinite)).toBe(true);
      disposeAll(split);
    });
  }

  it('breast cancer holds the first row of the original file', async () => {
    // 17.99,10.38,...,0 is the first row of breast_cancer.csv: with no test split, it is somewhere in the training part.
    const split = await keras.datasets.breastCancer.loadData({ testSplit: 0 });
    const x = await values(split[0][0]);
    const y = await values(split[0][1]);
    const rows = Array.from({ length: 569 }, (_, i) => x.slice(i * 30, i * 30 + 30));
    const row = rows.findIndex((r) => Math.abs(r[0]! - 17.99) < 1e-5 && Math.abs(r[1]! - 10.38) < 1e-5);
    expect(row).toBeGreaterThanOrEqual(0);
    expect(y[row]).toBe(0);
    expect(split[1][0].shape).toEqual([0, 30]);
    disposeAll(split);
  });

  it('splits the same way for the same seed, differently for another, and keeps every row once', async () => {
    const a = await keras.datasets.iris.loadData({ seed: 7, testSplit: 0.3 });
    const b = await keras.datasets.iris.loadData({ seed: 7, testSplit: 0.3 });
    const c = await keras.datasets.iris.loadData({ seed: 8, testSplit: 0.3 });
    expect(await values(a[1][0])).toEqual(await values(b[1][0]));
    expect(await values(a[1][0])).not.toEqual(await values(c[1][0]));
    expect(a[1][0].shape).toEqual([45, 4]);
    const rows = (x: number[]) => Array.from({ length: x.length / 4 }, (_, i) => x.slice(i * 4, i * 4 + 4).join(','));
    const all = [...rows(await values(a[0][0])), ...rows(await values(a[1][0]))].sort();
    const full = await keras.datasets.iris.loadData({ testSplit: 0 });
    expect(all).toEqual(rows(await values(full[0][0])).sort());
    [a, b, c, full].forEach(disposeAll);
  });

  it('refuses a test split outside [0, 1)', async () => {
    await expect(keras.datasets.wine.loadData({ testSplit: 1 })).rejects.toThrow('`testSplit` must be in [0, 1)');
  });
});

/** An IDX file of unsigned bytes, gzipped, as in the MNIST distributions. */
function idxGz(shape: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header.writeUInt8(0x08, 2);
  header.writeUInt8(shape.length, 3);
  shape.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return gzipSync(Buffer.concat([header, data]));
}

describe('keras.datasets.fashionMnist', () => {
  it('reads the IDX files from $KERAS_HOME/datasets/fashion-mnist first', async () => {
    const dir = join(home, 'datasets', 'fashion-mnist');
    mkdirSync(dir, { recursive: true });
    const images = (n: number) => Uint8Array.from({ length: n * 784 }, (_, i) => i % 256);
    writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), idxGz([3], Uint8Array.of(9, 0, 3)));
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), idxGz([3, 28, 28], images(3)));
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), idxGz([2], Uint8Array.of(1, 2)));
    writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), idxGz([2, 28, 28], images(2)));
    const split = await keras.datasets.fashionMnist.loadData();
    const [[xTrain, yTrain], [xTest, yTest]] = split;
    expect(xTrain.shape).toEqual([3, 28, 28]);
    expect(xTrain.dtype).toBe('int32');
    expect(await values(yTrain)).toEqual([9, 0, 3]);
    expect(await values(yTest)).toEqual([1, 2]);
    expect((await values(xTest)).slice(254, 258)).toEqual([254, 255, 0, 1]);
    disposeAll(split);
  });

  it('says what is wrong with a damaged file', async () => {
    const dir = join(home, 'datasets', 'fashion-mnist');
    mkdirSync(dir, { recursive: true });
    for (const f of ['train-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz']) {
      writeFileSync(join(dir, f), gzipSync(Buffer.from('not an idx file')));
    }
    await expect(keras.datasets.fashionMnist.loadData()).rejects.toThrow(/is not an IDX file/);
  });

  it.skipIf(!existsSync('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz'))(
    "reads Debian's dataset-fashion-mnist from /usr/share/datasets/fashion-mnist",
    async () => {
      const split = await keras.datasets.fashionMnist.loadData();
      const [[xTrain, yTrain], [xTest, yTest]] = split;
      expect(xTrain.shape).toEqual([60000, 28, 28]);
      expect(yTrain.shape).toEqual([60000]);
      expect(xTest.shape).toEqual([10000, 28, 28]);
      expect(yTest.shape).toEqual([10000]);
      const y = await values(yTest);
      expect(Math.min(...y)).toBe(0);
      expect(Math.max(...y)).toBe(9);
      const counts = y.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<number, number>());
      expect([...counts.values()]).toEqual(Array(10).fill(1000)); // the test set is balanced
      disposeAll(split);
    },
  );
});

describe('keras.datasets.mnist', () => {
  for (const [fixture, sums] of [
    ['mnist-stored.npz', [297088, 200383]],
    ['mnist-deflated.npz', [302623, 199696]],
  ] as const) {
    it(`reads Keras' mnist.npz from $KERAS_HOME/datasets (${fixture})`, async () => {
      mkdirSync(join(home, 'datasets'), { recursive: true });
      copyFileSync(new URL(`./fixtures/${fixture}`, import.meta.url), join(home, 'datasets', 'mnist.npz'));
      const split = await keras.datasets.mnist.loadData();
      const [[xTrain, yTrain], [xTest, yTest]] = split;
      expect(xTrain.shape).toEqual([3, 28, 28]);
      expect(xTest.shape).toEqual([2, 28, 28]);
      expect(await values(yTrain)).toEqual([5, 0, 4]);
      expect(await values(yTest)).toEqual([7, 2]);
      const sum = async (t: Tensor) => (await values(t)).reduce((a, b) => a + b, 0);
      expect([await sum(xTrain), await sum(xTest)]).toEqual(sums);
      disposeAll(split);
    });
  }

  it('says where it looked and how to get the file when it is nowhere and cannot be downloaded', async () => {
    // Port 9 (discard) on the loopback: the download fails at once, without leaving the machine.
    const error = (await keras.datasets.mnist.loadData({ origin: 'http://127.0.0.1:9/' }).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain(`MNIST is not available: mnist.npz is not in ${join(home, 'datasets')}`);
    expect(error.message).toContain('downloading mnist.npz failed (http://127.0.0.1:9/mnist.npz: fetch failed');
    expect(error.message).toContain(`download mnist.npz from https://storage.googleapis.com/tensorflow/tf-keras-datasets/ into ${join(home, 'datasets')}`);
  });
});
