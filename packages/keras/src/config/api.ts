/**
 * Keras' `keras.config` functions (also under `keras.backend`, as in Keras 3):
 * read and change the backend, float type, epsilon and image data format.
 */
import { activeBackendName } from '@keras/core';
import { activateBackend } from '../backends/load.js';
import { configReport, getSetting, putSetting, type ConfigReport } from './settings.js';
import { checkBackendName, checkEpsilon, checkFloatx, checkImageDataFormat, type Floatx, type ImageDataFormat } from './validate.js';

/**
 * The name of the backend Keras uses: the active one once `await keras.ready()` has
 * run, else the configured one (`KERAS_BACKEND`, keras.json, or 'wasm').
 */
export function backend(): string {
  return activeBackendName() ?? getSetting('backend');
}

/**
 * Switches to the backend `name`: loads its package, starts it and makes it active
 * (Keras' `keras.config.set_backend`; asynchronous here, since starting a backend is).
 * Tensors made on the previous backend keep working there.
 */
export async function setBackend(name: string): Promise<void> {
  checkBackendName(name, 'value');
  await activateBackend(name, 'keras.config.setBackend()');
  putSetting('backend', name, 'keras.config.setBackend');
}

/** The default float type: 'float32'. */
export function floatx(): Floatx {
  return getSetting('floatx');
}

/**
 * Sets the default float type. Keras accepts 'bfloat16', 'float16', 'float32' and
 * 'float64'; the backends here compute in float32, so any other valid one is refused
 * with an error saying so, and an unknown one with Keras' error.
 */
export function setFloatx(value: string): void {
  putSetting('floatx', checkFloatx(value), 'keras.config.setFloatx');
}

/** The fuzz factor used in numeric expressions (default 1e-7). */
export function epsilon(): number {
  return getSetting('epsilon');
}

/** Sets the fuzz factor used in numeric expressions. */
export function setEpsilon(value: number): void {
  putSetting('epsilon', checkEpsilon(value), 'keras.config.setEpsilon');
}

/** The default image layout: 'channels_last' (NHWC) or 'channels_first'. */
export function imageDataFormat(): ImageDataFormat {
  return getSetting('imageDataFormat');
}

/** Sets the default image layout: 'channels_last' or 'channels_first'. */
export function setImageDataFormat(value: string): void {
  putSetting('imageDataFormat', checkImageDataFormat(value), 'keras.config.setImageDataFormat');
}

/**
 * The resolved settings and where each came from (default, keras.json, `KERAS_BACKEND`,
 * or a `keras.config` call), with the Keras home folder and keras.json path on Node.
 */
export function describe(): ConfigReport {
  return configReport();
}
