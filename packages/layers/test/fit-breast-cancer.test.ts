import { random } from '@keras/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Input, layers, Sequential } from '../src/index.js';
import { breastCancer, holdOutFifth, standardize } from './fit-datasets.js';
import { snapshot, useWasm } from './train-helpers.js';

beforeAll(useWasm);

describe('fit on Breast Cancer Wisconsin (a Sequential MLP)', () => {
  it('reaches >= 0.95 held-out accuracy, with validation, and leaves nothing behind', async () => {
    // Seeded (initializers and shuffling), so the threshold is checked on one reproducible run, not on the luck of the draw.
    random.setRandomSeed(7);
    const [train, test] = standardize(...holdOutFifth(breastCancer(), 42));
    const model = new Sequential([
      Input({ shape: [30] }),
      new layers.Dense(16, { activation: 'relu' }),
      new layers.Dense(1, { activation: 'sigmoid' }),
    ]);
    model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] });
    const history = await model.fit(train.x, train.y, { epochs: 20, batchSize: 16, validationSplit: 0.2, verbose: 0 });
    expect(Object.keys(history.history)).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(history.history['loss']![19]!).toBeLessThan(history.history['loss']![0]!);
    const before = snapshot();
    const [loss, accuracy] = (await model.evaluate(test.x, test.y, { verbose: 0 })) as number[];
    expect(snapshot()).toEqual(before);
    expect(model.metricsNames).toEqual(['loss', 'accuracy']);
    expect(loss!).toBeLessThan(0.2);
    expect(accuracy!).toBeGreaterThanOrEqual(0.95);
  });
});
