/**
 * `await keras.ready()`: resolves the settings, then loads, starts and activates the
 * configured backend. Call it once before the first op.
 */
import { activeBackendName, getBackend, type Backend } from '@keras/core';
import { activateBackend } from './backends/load.js';
import { configReport, describeSource } from './config/settings.js';

let starting: { name: string; promise: Promise<Backend> } | null = null;

/**
 * Resolves the settings (on Node: `$KERAS_HOME/keras.json`, created with the defaults
 * when missing, and `KERAS_BACKEND`), then loads, starts and activates the configured
 * backend (`wasm` by default). Safe to call many times and concurrently; rejects with
 * Keras' error for an invalid keras.json and with a `BackendError` for a backend that
 * is unknown, not installed, or cannot start here.
 */
export async function ready(): Promise<Backend> {
  const { backend } = configReport();
  if (activeBackendName() === backend.value) return getBackend();
  if (starting?.name !== backend.value) {
    const promise = activateBackend(backend.value, describeSource(backend.source));
    starting = { name: backend.value, promise };
    promise.catch(() => {
      if (starting?.promise === promise) starting = null;
    });
  }
  return starting.promise;
}
