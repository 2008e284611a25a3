import { random, type Tensor } from '@keras/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Input, layers, optimizers, Sequential } from '../src/index.js';
import { digits, holdOutFifth } from './fit-datasets.js';
import { useWasm, values } from './train-helpers.js';

beforeAll(useWasm);

describe('fit a small CNN on the 8x8 digits', () => {
  it('reaches >= 0.95 held-out accuracy in a few epochs', async () => {
    // Seeded (initializers and shuffling), so the threshold is checked on one reproducible run, not on the luck of the draw.
    random.setRandomSeed(7);
    const [train, test] = holdOutFifth(digits(), 7);
    const images = (x: number[][]): { data: Float32Array; shape: number[] } => ({ data: Float32Array.from(x.flat(), (v) => v / 16), shape: [x.length, 8, 8, 1] });
    const model = new Sequential([
      Input({ shape: [8, 8, 1] }),
      new layers.Conv2D(16, 3, { activation: 'relu', padding: 'same' }),
      new layers.MaxPooling2D({ poolSize: 2 }),
      new layers.Flatten(),
      new layers.Dense(32, { activation: 'relu' }),
      new layers.Dense(10, { activation: 'softmax' }),
    ]);
    model.compile({ optimizer: new optimizers.Adam({ learningRate: 0.005 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    await model.fit(images(train.x), Int32Array.from(train.y), { epochs: 12, batchSize: 32, verbose: 0 });
    const [, accuracy] = (await model.evaluate(images(test.x), Int32Array.from(test.y), { verbose: 0 })) as number[];
    expect(accuracy!).toBeGreaterThanOrEqual(0.95);
    const probs = (await model.predict(images(test.x.slice(0, 5)), { verbose: 0 })) as Tensor;
    expect(probs.shape).toEqual([5, 10]);
    const rows = await values(probs);
    for (let i = 0; i < 5; i++) expect(rows.slice(i * 10, i * 10 + 10).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    probs.dispose();
  });
});
