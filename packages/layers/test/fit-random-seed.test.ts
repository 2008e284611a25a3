/**
 * The global seed (`random.setRandomSeed`, exposed as `keras.utils.setRandomSeed`): with
 * it, unseeded initializers, a Dropout layer and fit's shuffling train the same weights,
 * bit for bit, on every run.
 */
import { random, type Tensor } from '@keras/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initializers, Input, layers, Sequential } from '../src/index.js';
import { separableData, useWasm } from './train-helpers.js';

beforeAll(useWasm);

/** The values of every weight of a model. */
function weightValues(model: Sequential): number[][] {
  return model.getWeights().map((w: Tensor) => {
    const v = Array.from(w.dataSync());
    w.dispose();
    return v;
  });
}

/**
 * Seeds the global generator, then builds and trains a Sequential with Dropout, with
 * shuffling; `initializerSeed` pins the kernels' initial values when given.
 */
async function seededRun(seed: number, initializerSeed?: number): Promise<{ initial: number[][]; losses: number[]; weights: number[][] }> {
  random.setRandomSeed(seed);
  const kernelInitializer = initializerSeed === undefined ? undefined : new initializers.GlorotUniform({ seed: initializerSeed });
  const model = new Sequential([
    Input({ shape: [6] }),
    new layers.Dense(12, { activation: 'relu', kernelInitializer }),
    new layers.Dropout(0.3),
    new layers.Dense(1, { activation: 'sigmoid', kernelInitializer }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
  const initial = weightValues(model);
  const { x, y } = separableData(48, 6);
  const history = await model.fit(x, y.map((v) => [v]), { epochs: 3, batchSize: 8, shuffle: true, verbose: 0 });
  const result = { initial, losses: history.history['loss']!, weights: weightValues(model) };
  model.dispose();
  return result;
}

describe('random.setRandomSeed', () => {
  it('makes two runs of the same training give bit-identical losses and weights', async () => {
    const a = await seededRun(7);
    const b = await seededRun(7);
    expect(a.losses).toHaveLength(3);
    expect(b.losses).toEqual(a.losses);
    expect(b.weights).toEqual(a.weights);
  });

  it('gives other initial weights and another training with another seed', async () => {
    const a = await seededRun(7);
    const c = await seededRun(8);
    expect(c.initial).not.toEqual(a.initial);
    expect(c.losses).not.toEqual(a.losses);
    expect(c.weights).not.toEqual(a.weights);
  });

  it('also drives the Dropout masks and the shuffle order, not only the initial weights', async () => {
    const a = await seededRun(7, 1);
    const c = await seededRun(8, 1);
    expect(c.initial).toEqual(a.initial);
    expect(c.losses).not.toEqual(a.losses);
  });
});
