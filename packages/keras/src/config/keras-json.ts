/**
 * Reading and writing `keras.json`, Keras' settings file, as text: no file system here
 * (the Node platform does the reading), so the rules hold wherever the text comes from.
 */
import { DEFAULTS, type Settings } from './settings.js';
import { checkBackendName, checkFileEpsilon, checkFileFloatx, checkFileImageDataFormat } from './validate.js';

/** The settings found in a keras.json, and notes about it. */
export interface KerasJsonSettings {
  settings: Partial<Settings>;
  notes: string[];
}

/**
 * Reads keras.json text found at `path`. Keys that are absent keep their defaults;
 * invalid values throw Keras' errors; text that is not a JSON object is ignored, as
 * Keras does, with a note saying so.
 */
export function parseKerasJson(text: string, path: string): KerasJsonSettings {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { settings: {}, notes: [`${path} is not valid JSON (${(e as Error).message}); it is ignored, as Keras does.`] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { settings: {}, notes: [`${path} does not hold a JSON object; it is ignored, as Keras does.`] };
  }
  const obj = json as Record<string, unknown>;
  const source = { kind: 'file', path } as const;
  const settings: Partial<Settings> = {};
  if ('floatx' in obj) settings.floatx = { value: checkFileFloatx(obj.floatx, path), source };
  if ('epsilon' in obj) settings.epsilon = { value: checkFileEpsilon(obj.epsilon, path), source };
  if ('backend' in obj) settings.backend = { value: checkBackendName(obj.backend, `configuration (in ${path})`), source };
  if ('image_data_format' in obj) {
    settings.imageDataFormat = { value: checkFileImageDataFormat(obj.image_data_format, path), source };
  }
  return { settings, notes: [] };
}

/** The keras.json Keras writes when there is none: the defaults, indented by four spaces. */
export function defaultKerasJson(): string {
  const config = {
    floatx: DEFAULTS.floatx,
    epsilon: DEFAULTS.epsilon,
    backend: DEFAULTS.backend,
    image_data_format: DEFAULTS.imageDataFormat,
  };
  return JSON.stringify(config, null, 4);
}
