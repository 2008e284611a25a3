/**
 * Layer dtypes, read and written as Keras 3's `DTypePolicy` (only plain float32,
 * int32 and bool policies; mixed precision is not supported).
 */
import type { DType } from '@keras/core';
import { isKerasObjectConfig, kerasObject, type KerasObjectConfig } from '../serialization/json.js';

/** A layer dtype as users and configs give it: a name, or a serialized `DTypePolicy`. */
export type DTypeIdentifier = DType | string | KerasObjectConfig;

/** Resolves a layer's `dtype` option (default float32), with a clear error for mixed precision and unknown dtypes. */
export function parseDTypePolicy(value: DTypeIdentifier | null | undefined, where: string): DType {
  if (value === null || value === undefined) return 'float32';
  const name = isKerasObjectConfig(value) ? value.config['name'] : value;
  if (name === 'float32' || name === 'int32' || name === 'bool') return name;
  if (typeof name === 'string' && name.startsWith('mixed_')) {
    throw new TypeError(`${where}: mixed precision dtype policy '${name}' is not supported; use 'float32'.`);
  }
  throw new TypeError(`${where}: unsupported dtype ${JSON.stringify(name)}. Supported dtypes are float32, int32 and bool.`);
}

/** The dtype as Keras 3 writes it in a layer config: `{ module: 'keras', class_name: 'DTypePolicy', config: { name } }`. */
export function serializeDTypePolicy(dtype: DType): KerasObjectConfig {
  return kerasObject('keras', 'DTypePolicy', { name: dtype });
}
