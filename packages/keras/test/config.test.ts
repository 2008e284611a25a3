import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshKeras, restoreEnv } from './fresh.js';

let home: string;
const keraJson = () => join(home, 'keras.json');
const writeConfig = (config: Record<string, unknown>) => writeFileSync(keraJson(), JSON.stringify(config));

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'keras-home-'));
});
afterEach(() => {
  restoreEnv();
  rmSync(home, { recursive: true, force: true });
});

describe('keras.json in $KERAS_HOME', () => {
  it('is created with the defaults when missing, as Keras writes it', async () => {
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: undefined });
    expect(existsSync(keraJson())).toBe(false); // nothing happens at import
    expect(keras.config.floatx()).toBe('float32');
    expect(JSON.parse(readFileSync(keraJson(), 'utf8'))).toEqual({
      floatx: 'float32',
      epsilon: 1e-7,
      backend: 'wasm',
      image_data_format: 'channels_last',
    });
    expect(readFileSync(keraJson(), 'utf8')).toContain('\n    "floatx"'); // indent 4, as Keras
    const report = keras.config.describe();
    expect(report).toMatchObject({ platform: 'node', home, file: keraJson(), fileStatus: 'created' });
    expect(report.backend.source).toEqual({ kind: 'default' });
  });

  it('creates a missing $KERAS_HOME folder', async () => {
    const nested = join(home, 'a', 'b');
    const keras = await freshKeras({ KERAS_HOME: nested, KERAS_BACKEND: undefined });
    expect(keras.config.backend()).toBe('wasm');
    expect(existsSync(join(nested, 'keras.json'))).toBe(true);
  });

  it('reads its values and says they came from the file', async () => {
    writeConfig({ floatx: 'float32', epsilon: 1e-5, backend: 'webgpu', image_data_format: 'channels_last' });
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: undefined });
    expect(keras.config.epsilon()).toBe(1e-5);
    expect(keras.config.imageDataFormat()).toBe('channels_last');
    expect(keras.config.backend()).toBe('webgpu');
    const report = keras.config.describe();
    expect(report.fileStatus).toBe('read');
    expect(report.epsilon.source).toEqual({ kind: 'file', path: keraJson() });
    expect(keras.config.describeSource(report.epsilon.source)).toBe(keraJson());
  });

  it('keeps the defaults for keys the file does not have', async () => {
    writeConfig({ epsilon: 0.001 });
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: undefined });
    expect(keras.config.backend()).toBe('wasm');
    expect(keras.config.describe().backend.source).toEqual({ kind: 'default' });
    expect(keras.config.epsilon()).toBe(0.001);
  });

  it('ignores a file that is not JSON, as Keras does, with a note', async () => {
    writeFileSync(keraJson(), '{ not json');
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: undefined });
    expect(keras.config.floatx()).toBe('float32');
    expect(keras.config.describe().notes[0]).toMatch(/not valid JSON.*ignored, as Keras does/);
  });
});

describe("invalid values raise Keras' errors", () => {
  it('an unknown floatx', async () => {
    writeConfig({ floatx: 'float8' });
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: undefined });
    const message = "Invalid `floatx` configuration. Expected one of {'float16', 'float32', 'float64'}. Received: floatx=float8";
    expect(() => keras.config.floatx()).toThrow(message);
    await expect(keras.ready()).rejects.toThrow(message);
  });

  it('a floatx Keras accepts but these backends do not compute in', async () => {
    writeConfig({ floatx: 'float64' });
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: undefined });
    expect(() => keras.config.floatx()).toThrow(/'float64'.*valid in Keras but not supported.*Use 'float32'/);
  });

  it('an epsilon that is not a number', async () => {
    writeConfig({ epsilon: 'small' });
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: undefined });
    expect(() => keras.config.epsilon()).toThrow('Invalid `epsilon` configuration. Expected a float. Received: epsilon="small"');
  });

  it('an unknown image_data_format', async () => {
    writeConfig({ image_data_format: 'channels_middle' });
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: undefined });
    expect(() => keras.config.imageDataFormat()).toThrow(
      "Invalid `image_data_format` configuration. Expected one of {'channels_last', 'channels_first'}. Received: image_data_format=channels_middle",
    );
  });

  it('channels_first, which Keras accepts but these layers do not compute in', async () => {
    writeConfig({ image_data_format: 'channels_first' });
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: undefined });
    expect(() => keras.config.imageDataFormat()).toThrow(/'channels_first' \(in .*keras.json\) is valid in Keras but not supported.*Use 'channels_last'/);
  });

  it('an invalid file is left as it is', async () => {
    writeConfig({ floatx: 'float8' });
    const before = readFileSync(keraJson(), 'utf8');
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: undefined });
    expect(() => keras.config.backend()).toThrow();
    expect(readFileSync(keraJson(), 'utf8')).toBe(before);
  });
});

describe('KERAS_BACKEND', () => {
  it('overrides the file and says so', async () => {
    writeConfig({ backend: 'wasm' });
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: 'node-gpu' });
    expect(keras.config.backend()).toBe('node-gpu');
    const { backend } = keras.config.describe();
    expect(backend.source).toEqual({ kind: 'env', variable: 'KERAS_BACKEND' });
    expect(keras.config.describeSource(backend.source)).toBe('KERAS_BACKEND environment variable');
  });

  it('is never written back: a created file holds the default backend', async () => {
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: 'webgpu' });
    expect(keras.config.backend()).toBe('webgpu');
    expect(JSON.parse(readFileSync(keraJson(), 'utf8')).backend).toBe('wasm');
  });

  it('leaves an existing file untouched', async () => {
    writeConfig({ backend: 'wasm', epsilon: 1e-7 });
    const before = readFileSync(keraJson(), 'utf8');
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: 'webgpu' });
    keras.config.backend();
    expect(readFileSync(keraJson(), 'utf8')).toBe(before);
  });

  it('is ignored when empty, as in Keras', async () => {
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: '' });
    expect(keras.config.backend()).toBe('wasm');
  });
});

describe('keras.config setters', () => {
  it("check values with Keras' errors and record the call as the source", async () => {
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: undefined });
    expect(() => keras.config.setFloatx('float8')).toThrow(
      "Unknown `floatx` value: float8. Expected one of {'bfloat16', 'float16', 'float32', 'float64'}",
    );
    expect(() => keras.config.setFloatx('float16')).toThrow(/not supported/);
    keras.config.setFloatx('float32');
    expect(keras.config.describe().floatx.source).toEqual({ kind: 'call', call: 'keras.config.setFloatx' });

    expect(() => keras.config.setImageDataFormat('channels_middle')).toThrow(
      "The `data_format` argument must be one of {'channels_first', 'channels_last'}. Received: data_format=channels_middle",
    );
    expect(() => keras.config.setImageDataFormat('channels_first')).toThrow(/not supported/);
    keras.config.setImageDataFormat('Channels_Last');
    expect(keras.config.imageDataFormat()).toBe('channels_last');
    keras.config.setImageDataFormat('channelsLast');
    expect(keras.backend.imageDataFormat()).toBe('channels_last');

    expect(() => keras.config.setEpsilon(Number.NaN)).toThrow('Expected a float');
    keras.backend.setEpsilon(1e-4);
    expect(keras.config.epsilon()).toBe(1e-4);
  });

  it('never write keras.json', async () => {
    writeConfig({ epsilon: 1e-7 });
    const before = readFileSync(keraJson(), 'utf8');
    const keras = await freshKeras({ KERAS_HOME: home, KERAS_BACKEND: undefined });
    keras.config.setEpsilon(0.5);
    expect(readFileSync(keraJson(), 'utf8')).toBe(before);
  });
});
