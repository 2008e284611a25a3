import { beforeAll, describe, expect, it } from 'vitest';
import { Progbar, ProgbarLogger } from '../src/callbacks/index.js';
import { SGD } from '../src/optimizers/index.js';
import { compile, evaluate, fit, predict } from '../src/training/index.js';
import { LogisticRegression, separableData, useWasm } from './train-helpers.js';
import type { Tensor } from '@keras/core';

beforeAll(useWasm);

const ANSI = /\x1b\[[0-9;]*m/g;

/** A ProgbarLogger whose output is collected. */
function capture(dynamicDisplay: boolean): { logger: ProgbarLogger; text: () => string; chunks: string[] } {
  const chunks: string[] = [];
  return { logger: new ProgbarLogger({ print: (t) => void chunks.push(t), dynamicDisplay }), text: () => chunks.join(''), chunks };
}

async function trained(): Promise<{ model: LogisticRegression; x: number[][]; y: number[] }> {
  const { x, y } = separableData(40, 2);
  const model = new LogisticRegression(2);
  compile(model, { optimizer: new SGD({ learningRate: 0.1 }), loss: 'binary_crossentropy', metrics: ['accuracy'] });
  return { model, x, y };
}

describe('fit progress output (Keras 3 format)', () => {
  it('verbose 2: "Epoch i/n" then one line per epoch with validation logs', async () => {
    const { model, x, y } = await trained();
    const out = capture(false);
    await fit(model, x, y, { epochs: 2, batchSize: 16, validationSplit: 0.2, verbose: 2, callbacks: [out.logger] });
    const lines = out.text().split('\n');
    expect(lines[0]).toBe('Epoch 1/2');
    expect(lines[1]).toMatch(/^2\/2 - \d+s - \d+(ms|us|s)\/step - accuracy: \d\.\d{4} - loss: \d\.\d{4} - val_accuracy: \d\.\d{4} - val_loss: \d\.\d{4}$/);
    expect(lines[2]).toBe('Epoch 2/2');
    expect(lines[3]).toMatch(/^2\/2 - /);
    expect(lines[4]).toBe('');
    expect(lines.length).toBe(5);
    model.dispose();
  });

  it('verbose 1 in a terminal: the bar is redrawn in place with "\\r", styled, and ends the epoch with a newline', async () => {
    const { model, x, y } = await trained();
    const out = capture(true);
    await fit(model, x, y, { epochs: 1, batchSize: 8, verbose: 1, callbacks: [out.logger] });
    const chunks = out.chunks;
    expect(chunks[0]!).toContain('\x1b[1m');
    const plain = chunks.map((c) => c.replace(ANSI, ''));
    expect(plain[0]).toMatch(/^\r1\/5 ━{4}━{16} \d+s \d+(ms|us|s)\/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}$/);
    const last = plain[plain.length - 1]!;
    expect(last).toMatch(/^\r5\/5 ━{20} \d+s \d+(ms|us|s)\/step - accuracy: \d\.\d{4} - loss: \d\.\d{4} *\n$/);
    expect(plain.every((c) => c.startsWith('\r'))).toBe(true);
    expect(out.text()).not.toContain('Epoch');
    model.dispose();
  });

  it('verbose 1 without a terminal writes each update on a new line, unstyled', async () => {
    const { model, x, y } = await trained();
    const out = capture(false);
    await fit(model, x, y, { epochs: 1, batchSize: 20, verbose: 1, callbacks: [out.logger] });
    expect(out.text()).not.toMatch(ANSI);
    expect(out.chunks[out.chunks.length - 1]).toMatch(/^\n2\/2 ━{20} \d+s \d+(ms|us|s)\/step - accuracy: \d\.\d{4} - loss: \d\.\d{4} *\n$/);
    model.dispose();
  });

  it('verbose 0 prints nothing; evaluate and predict print their own bar', async () => {
    const { model, x, y } = await trained();
    const out = capture(false);
    await fit(model, x, y, { epochs: 2, verbose: 0, callbacks: [out.logger] });
    expect(out.text()).toBe('');
    const evalOut = capture(false);
    await evaluate(model, x, y, { batchSize: 10, verbose: 2, callbacks: [evalOut.logger] });
    expect(evalOut.text()).toMatch(/^4\/4 - \d+s - \d+(ms|us|s)\/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}\n$/);
    const predictOut = capture(false);
    ((await predict(model, x, { batchSize: 10, verbose: 2, callbacks: [predictOut.logger] })) as Tensor).dispose();
    expect(predictOut.text()).toMatch(/^4\/4 - \d+s - \d+(ms|us|s)\/step\n$/);
    model.dispose();
  });

  it('an unknown number of steps shows "n/Unknown", then is learned for the next epochs', async () => {
    const { model, x, y } = await trained();
    const out = capture(false);
    const pairs: [number[][], number[]][] = [[x.slice(0, 20), y.slice(0, 20)], [x.slice(20), y.slice(20)]];
    const batches = { [Symbol.iterator]: () => pairs.values() };
    await fit(model, batches, undefined, { epochs: 2, verbose: 1, callbacks: [out.logger] });
    const text = out.text();
    expect(text).toContain('      1/Unknown');
    expect(text).toMatch(/\n2\/2 ━{20} /);
    model.dispose();
  });
});

describe('Progbar formatting', () => {
  it('averages non-stateful values over steps, uses scientific notation for small values', () => {
    const chunks: string[] = [];
    const bar = new Progbar(4, { verbose: 2, print: (t) => void chunks.push(t), dynamicDisplay: false });
    bar.update(2, [['loss', 1], ['lr', 0.0001]]);
    bar.update(4, [['loss', 0.5], ['lr', 0.0001]], true);
    expect(chunks).toEqual([expect.stringMatching(/^4\/4 - 0s - \d+(ms|us|s)\/step - loss: 0\.5000 - lr: 1\.0000e-04\n$/)]);
    const dyn: string[] = [];
    const live = new Progbar(10, { verbose: 1, print: (t) => void dyn.push(t), dynamicDisplay: false, interval: 0 });
    live.update(2, [['loss', 1]]);
    live.update(4, [['loss', 4]]);
    expect(dyn[1]).toMatch(/^\n 4\/10 ━{8}━{12} \d+s \d+(ms|us|s)\/step - loss: 2\.5000$/);
  });
});
