/**
 * InputSpec: what a layer accepts (rank, fixed axis sizes), checked when it is called
 * so that shape errors surface when a model is defined, naming the layer and the shapes.
 */
import { formatSymbolicShape, type SymbolicShape } from './keras-tensor.js';

/** Options of {@link InputSpec} (Keras' `InputSpec` arguments). */
export interface InputSpecOptions {
  /** Exact rank expected. */
  ndim?: number;
  /** Minimum rank. */
  minNdim?: number;
  /** Maximum rank. */
  maxNdim?: number;
  /** Fixed sizes of some axes (negative axes count from the end): `{ [-1]: 8 }`. */
  axes?: Record<number, number>;
}

/** The rank and axis sizes a layer's input must have. */
export class InputSpec {
  /** Exact rank expected, or undefined. */
  readonly ndim: number | undefined;
  /** Minimum rank, or undefined. */
  readonly minNdim: number | undefined;
  /** Maximum rank, or undefined. */
  readonly maxNdim: number | undefined;
  /** Fixed axis sizes. */
  readonly axes: Readonly<Record<number, number>>;

  /** A spec from Keras' arguments in camelCase. */
  constructor(options: InputSpecOptions = {}) {
    this.ndim = options.ndim;
    this.minNdim = options.minNdim;
    this.maxNdim = options.maxNdim;
    this.axes = { ...(options.axes ?? {}) };
  }

  /**
   * Throws a clear error when `shape` (input `index` of layer `layerName`) does not
   * meet the spec, as Keras' `assert_input_compatibility` does.
   */
  check(shape: SymbolicShape, layerName: string, index = 0): void {
    const rank = shape.length;
    const head = `Input ${index} of layer "${layerName}" is incompatible with the layer:`;
    const full = `Full shape received: ${formatSymbolicShape(shape)}.`;
    if (this.ndim !== undefined && rank !== this.ndim) throw new RangeError(`${head} expected ndim=${this.ndim}, found ndim=${rank}. ${full}`);
    if (this.minNdim !== undefined && rank < this.minNdim) throw new RangeError(`${head} expected min_ndim=${this.minNdim}, found ndim=${rank}. ${full}`);
    if (this.maxNdim !== undefined && rank > this.maxNdim) throw new RangeError(`${head} expected max_ndim=${this.maxNdim}, found ndim=${rank}. ${full}`);
    for (const [key, expected] of Object.entries(this.axes)) {
      const axis = Number(key);
      const actual = shape[axis < 0 ? rank + axis : axis];
      if (actual !== null && actual !== undefined && actual !== expected) {
        throw new RangeError(
          `${head} expected axis ${axis} of input shape to have value ${expected}, but received input with shape ${formatSymbolicShape(shape)}. ` +
            'The layer was built for a different input size; create a new layer for this input.',
        );
      }
    }
  }
}
