/**
 * The small data sets shipped inside the package (breast cancer, iris, wine, digits):
 * generated modules (`src/generated/datasets/`, loaded on first use) hold the values
 * as base64, decoded here into tensors and split with a seed.
 */
import { tensor, type Tensor } from '@keras/core';
import { ready } from '../ready.js';
import { seededSplit, type SplitOptions } from './split.js';

/** A data set table as the generator writes it: features row-major, labels as bytes. */
export interface EmbeddedTable {
  rows: number;
  columns: number;
  classNames: string[];
  /** How `features` is stored: float32 little-endian, or one unsigned byte per value. */
  featureDType: 'float32' | 'uint8';
  /** Base64 of the feature bytes. */
  features: string;
  /** Base64 of one byte per row: the class label. */
  labels: string;
}

/** `[[xTrain, yTrain], [xTest, yTest]]`, as Keras' `load_data()` returns them. */
export type DataSplit = [[Tensor, Tensor], [Tensor, Tensor]];

/** An embedded data set. */
export interface EmbeddedDataset {
  /** The class names, indexed by label. */
  readonly classNames: readonly string[];
  /** The shape of one sample. */
  readonly sampleShape: readonly number[];
  /**
   * Loads the data as tensors, split with a seed (Keras' small data sets come with a
   * fixed split; these come from scikit-learn, which has none): x is float32 with
   * shape `[rows, ...sampleShape]`, y int32 class labels with shape `[rows]`.
   * Starts the backend (`await keras.ready()`) if needed.
   */
  loadData(options?: SplitOptions): Promise<DataSplit>;
}

/** Decodes base64 to bytes (atob exists in browsers, Node and edge runtimes). */
function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The feature values of a table as float32. */
function decodeFeatures(table: EmbeddedTable): Float32Array {
  const bytes = fromBase64(table.features);
  if (table.featureDType === 'uint8') return Float32Array.from(bytes);
  const view = new DataView(bytes.buffer);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** Gathers the rows `indices` of a row-major table with `width` values per row. */
function gatherRows<T extends Float32Array | Int32Array>(values: T, width: number, indices: Int32Array, make: (n: number) => T): T {
  const out = make(indices.length * width);
  indices.forEach((row, i) => out.set(values.subarray(row * width, (row + 1) * width), i * width));
  return out;
}

/** Defines an embedded data set whose table is loaded by `load` (a dynamic import of the generated module). */
export function embeddedDataset(
  classNames: readonly string[],
  sampleShape: readonly number[],
  load: () => Promise<{ table: EmbeddedTable }>,
): EmbeddedDataset {
  return {
    classNames,
    sampleShape,
    async loadData(options = {}) {
      const [{ table }] = await Promise.all([load(), ready()]);
      const features = decodeFeatures(table);
      const labels = Int32Array.from(fromBase64(table.labels));
      const { train, test } = seededSplit(table.rows, options);
      const part = (rows: Int32Array): [Tensor, Tensor] => [
        tensor(gatherRows(features, table.columns, rows, (n) => new Float32Array(n)), {
          shape: [rows.length, ...sampleShape],
          dtype: 'float32',
        }),
        tensor(gatherRows(labels, 1, rows, (n) => new Int32Array(n)), { shape: [rows.length], dtype: 'int32' }),
      ];
      return [part(train), part(test)];
    },
  };
}
