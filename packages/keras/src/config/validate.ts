/**
 * Checks of Keras' settings, with Keras' own error texts (keras/src/backend/config.py)
 * where Keras has one. Keras raises `ValueError`; here an unknown value is a
 * `RangeError` and a value of the wrong type a `TypeError`.
 */

/** The float types Keras accepts for `floatx`. */
export type KerasFloatx = 'bfloat16' | 'float16' | 'float32' | 'float64';
/** The float types this implementation computes in. */
export type Floatx = 'float32';
/** The image layout the layers here compute in (Keras also has 'channels_first'). */
export type ImageDataFormat = 'channels_last';

const KERAS_FLOATX = ['bfloat16', 'float16', 'float32', 'float64'];
/** Keras checks keras.json against this narrower set than `set_floatx`. */
const FILE_FLOATX = ['float16', 'float32', 'float64'];
const DATA_FORMATS = ['channels_last', 'channels_first'];

/** Python's spelling of a set of strings, as Keras' messages print them. */
function pySet(values: readonly string[]): string {
  return `{${values.map((v) => `'${v}'`).join(', ')}}`;
}

/** Keras accepts float16, bfloat16 and float64; our backends hold float32 only. */
function unsupportedFloatx(value: string, where: string): RangeError {
  return new RangeError(
    `\`floatx\` '${value}'${where} is valid in Keras but not supported by Keras for TypeScript, ` +
      `whose backends compute in float32. Use 'float32'.`,
  );
}

/** Keras accepts channels_first; the layers here compute channels_last only. */
function unsupportedDataFormat(where: string): RangeError {
  return new RangeError(
    `\`image_data_format\` 'channels_first'${where} is valid in Keras but not supported by Keras for TypeScript, ` +
      `whose layers compute channels_last (NHWC). Use 'channels_last' and transpose images to (batch, height, width, channels).`,
  );
}

/** Validates a value given to `keras.config.setFloatx`. */
export function checkFloatx(value: unknown): Floatx {
  if (typeof value !== 'string' || !KERAS_FLOATX.includes(value)) {
    throw new RangeError(`Unknown \`floatx\` value: ${String(value)}. Expected one of ${pySet(KERAS_FLOATX)}`);
  }
  if (value !== 'float32') throw unsupportedFloatx(value, '');
  return value;
}

/** Validates `floatx` read from keras.json at `path`. */
export function checkFileFloatx(value: unknown, path: string): Floatx {
  if (typeof value !== 'string' || !FILE_FLOATX.includes(value)) {
    throw new RangeError(
      `Invalid \`floatx\` configuration. Expected one of ${pySet(FILE_FLOATX)}. Received: floatx=${String(value)} (in ${path})`,
    );
  }
  if (value !== 'float32') throw unsupportedFloatx(value, ` (in ${path})`);
  return value;
}

/** Validates a value given to `keras.config.setEpsilon`. Keras takes any float; NaN and infinities are refused. */
export function checkEpsilon(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`Invalid \`epsilon\` value. Expected a float. Received: epsilon=${String(value)}`);
  }
  return value;
}

/** Validates `epsilon` read from keras.json at `path`. */
export function checkFileEpsilon(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(
      `Invalid \`epsilon\` configuration. Expected a float. Received: epsilon=${JSON.stringify(value)} (in ${path})`,
    );
  }
  return value;
}

/**
 * Validates a value given to `keras.config.setImageDataFormat` (lower-cased first,
 * as Keras does; the camelCase spelling `channelsLast` is accepted too).
 */
export function checkImageDataFormat(value: unknown): ImageDataFormat {
  const v = String(value).replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  if (!DATA_FORMATS.includes(v)) {
    throw new RangeError(
      `The \`data_format\` argument must be one of {'channels_first', 'channels_last'}. Received: data_format=${v}`,
    );
  }
  if (v !== 'channels_last') throw unsupportedDataFormat('');
  return v;
}

/** Validates `image_data_format` read from keras.json at `path`. */
export function checkFileImageDataFormat(value: unknown, path: string): ImageDataFormat {
  if (typeof value !== 'string' || !DATA_FORMATS.includes(value)) {
    throw new RangeError(
      `Invalid \`image_data_format\` configuration. Expected one of ${pySet(DATA_FORMATS)}. ` +
        `Received: image_data_format=${String(value)} (in ${path})`,
    );
  }
  if (value !== 'channels_last') throw unsupportedDataFormat(` (in ${path})`);
  return value;
}

/** Validates a backend name (its existence is checked when the backend is loaded). */
export function checkBackendName(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`Invalid \`backend\` ${where}. Expected a backend name such as 'wasm'. Received: backend=${JSON.stringify(value)}`);
  }
  return value;
}
