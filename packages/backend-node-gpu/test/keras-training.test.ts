/**
 * Training through `keras` with KERAS_BACKEND=node-gpu. The native package cannot be
 * installed here, so 'node-gpu' is registered with the same adapter over tfjs-core's
 * CPU kernels (the op API tfjs-node-gpu exposes): everything from keras' backend
 * discovery to the kernels runs for real except libtensorflow itself. The losses must
 * match the same model on wasm, and live tensors stay flat across epochs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerBackend } from '@keras/core';
import { liveCounts } from '@keras/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createTfjsBackend } from '../src/index.js';
import { tfjsCpu } from './tfjs-cpu.js';

const home = mkdtempSync(join(tmpdir(), 'keras-home-'));
process.env.KERAS_HOME = home;
process.env.KERAS_BACKEND = 'node-gpu';
registerBackend('node-gpu', async () => createTfjsBackend(await tfjsCpu()), 0);
const keras = await import('keras');

afterAll(() => rmSync(home, { recursive: true, force: true }));

/** A small, deterministic binary classification problem. */
function data(): { x: number[][]; y: number[][] } {
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < 96; i++) {
    const row = Array.from({ length: 8 }, (_, j) => Math.cos(i * 1.3 + j * 0.7));
    x.push(row);
    y.push([row[1]! - 0.5 * row[4]! + row[6]! > 0 ? 1 : 0]);
  }
  return { x, y };
}

function model(): InstanceType<typeof keras.Sequential> {
  const m = new keras.Sequential([
    keras.Input({ shape: [8] }),
    new keras.layers.Dense(16, { activation: 'relu' }),
    new keras.layers.Dense(1, { activation: 'sigmoid' }),
  ]);
  m.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] });
  return m;
}

describe('keras with KERAS_BACKEND=node-gpu (adapter over tfjs-core cpu)', () => {
  it('trains a Sequential model with the same losses as wasm and flat memory', async () => {
    await keras.ready();
    expect(keras.backend.backend()).toBe('node-gpu');
    const { x, y } = data();
    const tfModel = model();
    const initial = tfModel.getWeights().map((w) => {
      const values = Float32Array.from(w.dataSync());
      w.dispose();
      return values;
    });
    const live: number[] = [];
    const record = new keras.callbacks.LambdaCallback({ onEpochEnd: () => void live.push(liveCounts().tensors) });
    const fitOptions = { epochs: 5, batchSize: 16, shuffle: false, verbose: 0 as const };
    const onTfjs = await tfModel.fit(x, y, { ...fitOptions, callbacks: [record] });
    expect(new Set(live.slice(1)).size).toBe(1);

    await keras.config.setBackend('wasm');
    const wasmModel = model();
    wasmModel.setWeights(initial);
    const onWasm = await wasmModel.fit(x, y, fitOptions);

    const a = onTfjs.history.loss!;
    const b = onWasm.history.loss!;
    expect(a[4]!).toBeLessThan(a[0]!);
    for (let e = 0; e < 5; e++) expect(Math.abs(a[e]! - b[e]!)).toBeLessThan(1e-4 * Math.max(1, b[e]!));
  });
});
