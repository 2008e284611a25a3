import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CSVLogger, EarlyStopping, History, LambdaCallback, LearningRateScheduler, ReduceLROnPlateau, TerminateOnNaN, type Logs } from '../src/callbacks/index.js';
import { SGD } from '../src/optimizers/index.js';
import { compile, compiledState, fit } from '../src/training/index.js';
import { disposeAfterEach, LogisticRegression, separableData, snapshot, useWasm, values } from './train-helpers.js';

beforeAll(useWasm);

const track = disposeAfterEach();

const data = separableData(48, 2);

function model(metrics: string[] = ['accuracy']): LogisticRegression {
  const m = track(new LogisticRegression(2));
  compile(m, { optimizer: new SGD({ learningRate: 0.2 }), loss: 'binary_crossentropy', metrics });
  return m;
}

/** A callback (placed first) that overwrites `key` in the epoch logs with a scripted sequence, and records the weights. */
function script(key: string, sequence: readonly number[], m: LogisticRegression, weights: number[][] = []): LambdaCallback {
  return new LambdaCallback({
    onEpochEnd: async (epoch, logs?: Logs) => {
      logs![key] = sequence[epoch]!;
      weights.push(await values(m.w));
    },
  });
}

describe('EarlyStopping', () => {
  it('stops after `patience` epochs without improvement and restores the best weights', async () => {
    const m = model();
    const weights: number[][] = [];
    const stopper = new EarlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
    const history = await fit(m, data.x, data.y, { epochs: 10, verbose: 0, callbacks: [script('val_loss', [1, 0.5, 0.6, 0.55, 0.4], m, weights), stopper] });
    expect(history.epoch).toEqual([0, 1, 2, 3]);
    expect(stopper.stoppedEpoch).toBe(3);
    expect(stopper.bestEpoch).toBe(1);
    expect(await values(m.w)).toEqual(weights[1]);
    expect(weights[3]).not.toEqual(weights[1]);
  });

  it('leaves no weight snapshot behind', async () => {
    const m = model();
    await fit(m, data.x, data.y, { epochs: 1, verbose: 0 });
    const before = snapshot();
    await fit(m, data.x, data.y, { epochs: 6, verbose: 0, callbacks: [script('val_loss', [3, 2, 1, 2, 3, 4], m), new EarlyStopping({ patience: 1, restoreBestWeights: true })] });
    expect(snapshot()).toEqual(before);
  });

  it("mode 'auto' maximizes accuracy-like metrics, honours minDelta, baseline and startFromEpoch", async () => {
    const m = model();
    const up = new EarlyStopping({ monitor: 'val_accuracy', patience: 1, minDelta: 0.05 });
    const h1 = await fit(m, data.x, data.y, { epochs: 10, verbose: 0, callbacks: [script('val_accuracy', [0.5, 0.6, 0.62, 0.7], m), up] });
    expect(h1.epoch).toEqual([0, 1, 2]);
    const flat = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const noBaseline = await fit(m, data.x, data.y, { epochs: 10, verbose: 0, callbacks: [script('val_loss', flat, m), new EarlyStopping({ patience: 2 })] });
    expect(noBaseline.epoch).toEqual([0, 1, 2]);
    const baseline = new EarlyStopping({ monitor: 'val_loss', patience: 2, baseline: 0.1 });
    const h2 = await fit(m, data.x, data.y, { epochs: 10, verbose: 0, callbacks: [script('val_loss', flat, m), baseline] });
    expect(h2.epoch).toEqual([0, 1]);
    const late = new EarlyStopping({ monitor: 'val_loss', patience: 0, startFromEpoch: 3 });
    const h3 = await fit(m, data.x, data.y, { epochs: 10, verbose: 0, callbacks: [script('val_loss', [1, 2, 3, 4, 5, 6], m), late] });
    expect(h3.epoch).toEqual([0, 1, 2, 3, 4]);
  });

  it('asks for a mode when it cannot tell the direction', async () => {
    const m = model();
    const stopper = new EarlyStopping({ monitor: 'custom' });
    await expect(fit(m, data.x, data.y, { verbose: 0, callbacks: [stopper] })).rejects.toThrow(/Pass `mode: 'max'`/);
  });
});

describe('learning-rate callbacks', () => {
  it('ReduceLROnPlateau multiplies the rate by `factor` after `patience` flat epochs, then cools down', async () => {
    const m = model();
    const reducer = new ReduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 2, cooldown: 1, minLr: 0.03 });
    const history = await fit(m, data.x, data.y, { epochs: 8, verbose: 0, callbacks: [script('val_loss', [1, 1, 1, 1, 1, 1, 1, 1], m), reducer] });
    expect(history.history['learning_rate']!.map((v) => Math.round(v * 1e4) / 1e4)).toEqual([0.2, 0.2, 0.2, 0.1, 0.1, 0.05, 0.05, 0.03]);
    expect(compiledState(m)!.optimizer.learningRate).toBeCloseTo(0.03, 8);
    expect(() => new ReduceLROnPlateau({ factor: 1 })).toThrow(/factor >= 1.0/);
  });

  it('LearningRateScheduler sets the rate before each epoch and logs it', async () => {
    const m = model();
    const seen: number[] = [];
    const scheduler = new LearningRateScheduler((epoch, lr) => {
      seen.push(lr);
      return epoch < 2 ? lr : lr / 2;
    });
    const history = await fit(m, data.x, data.y, { epochs: 4, verbose: 0, callbacks: [scheduler] });
    expect(seen.map((v) => Math.round(v * 1e4) / 1e4)).toEqual([0.2, 0.2, 0.2, 0.1]);
    expect(history.history['learning_rate']!.map((v) => Math.round(v * 1e4) / 1e4)).toEqual([0.2, 0.2, 0.1, 0.05]);
  });
});

describe('other callbacks', () => {
  it('TerminateOnNaN stops at the first batch whose loss is not finite', async () => {
    const m = model();
    const x = data.x.map((row, i) => (i === 20 ? [Number.NaN, 0] : row));
    let batches = 0;
    const printed: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((t: string) => printed.push(t) > 0) as unknown as typeof process.stdout.write;
    try {
      await fit(m, x, data.y, { epochs: 3, batchSize: 8, shuffle: false, verbose: 0, callbacks: [new TerminateOnNaN(), new LambdaCallback({ onTrainBatchEnd: () => void batches++ })] });
    } finally {
      process.stdout.write = write;
    }
    expect(batches).toBe(3);
    expect(printed.join('')).toContain('Batch 2: Invalid loss, terminating training');
  });

  it('LambdaCallback hooks run in order with epochs and logs; History can be passed in', async () => {
    const m = model();
    const events: string[] = [];
    const history = new History();
    const hooks = new LambdaCallback({
      onTrainBegin: () => void events.push('train_begin'),
      onEpochBegin: (e) => void events.push(`epoch_begin ${e}`),
      onTrainBatchEnd: (b, logs) => void events.push(`batch_end ${b} ${Object.keys(logs!).join(',')}`),
      onEpochEnd: async (e) => void events.push(`epoch_end ${e}`),
      onTrainEnd: (logs) => void events.push(`train_end ${Object.keys(logs!).join(',')}`),
    });
    const returned = await fit(m, data.x, data.y, { epochs: 2, batchSize: 32, verbose: 0, callbacks: [hooks, history] });
    expect(returned).toBe(history);
    expect(events).toEqual([
      'train_begin', 'epoch_begin 0', 'batch_end 0 accuracy,loss', 'batch_end 1 accuracy,loss', 'epoch_end 0',
      'epoch_begin 1', 'batch_end 0 accuracy,loss', 'batch_end 1 accuracy,loss', 'epoch_end 1', 'train_end accuracy,loss',
    ]);
  });

  it('CSVLogger writes a header and one row per epoch, and can append', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keras-csv-'));
    const file = join(dir, 'log.csv');
    try {
      const m = model();
      await fit(m, data.x, data.y, { epochs: 2, verbose: 0, validationSplit: 0.25, callbacks: [new CSVLogger(file)] });
      let lines = (await readFile(file, 'utf8')).trim().split('\n');
      expect(lines[0]).toBe('epoch,accuracy,loss,val_accuracy,val_loss');
      expect(lines.length).toBe(3);
      expect(lines[2]).toMatch(/^1,[\d.]+,[\d.]+,[\d.]+,[\d.]+$/);
      await fit(m, data.x, data.y, { epochs: 1, verbose: 0, validationSplit: 0.25, callbacks: [new CSVLogger(file, { append: true, separator: ';' })] });
      lines = (await readFile(file, 'utf8')).trim().split('\n');
      expect(lines.length).toBe(4);
      expect(lines[3]).toMatch(/^0;/);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
