/**
 * `keras.config`: the backend, float type, epsilon and image data format, as in Keras 3.
 */
export {
  backend,
  setBackend,
  floatx,
  setFloatx,
  epsilon,
  setEpsilon,
  imageDataFormat,
  setImageDataFormat,
  describe,
} from './api.js';
export type { ConfigReport, Setting, SettingSource } from './settings.js';
export { describeSource } from './settings.js';
export type { Floatx, ImageDataFormat } from './validate.js';
