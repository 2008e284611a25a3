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
  /** `axes` as [axis, size] pairs, parsed once for the per-call check. */
  private readonly axisList: readonly (readonly [number, number])[];

  /** A spec from Keras' arguments in camelCase. */
  constructor(options: InputSpecOptions = {}) {
    this.ndim = options.ndim;
    this.minNdim = options.minNdim;
    this.maxNdim = options.maxNdim;
    this.axes = { ...(options.axes ?? {}) };
    this.axisList = Object.entries(this.axes).map(([axis, size]) => [Number(axis), size]);
  }

  /**
   * Throws a clear error when `shape` (input `index` of layer `layerName`) does not
   * meet the spec, as Keras' `assert_input_compatibility` does.
   */
  check(shape: SymbolicShape, layerName: string, index = 0): void {
    const rank = shape.length;
    // Messages are formatted only on failure: this runs on every layer call.
    const fail = (why: string): never => {
      throw new RangeError(`Input ${index} of layer "${layerName}" is incompatible with the layer: ${why}`);
    };
    const full = (): string => `Full shape received: ${formatSymbolicShape(shape)}.`;
    if (this.ndim !== undefined && rank !== this.ndim) fail(`expected ndim=${this.ndim}, found ndim=${rank}. ${full()}`);
    if (this.minNdim !== undefined && rank < this.minNdim) fail(`expected min_ndim=${this.minNdim}, found ndim=${rank}. ${full()}`);
    if (this.maxNdim !== undefined && rank > this.maxNdim) fail(`expected max_ndim=${this.maxNdim}, found ndim=${rank}. ${full()}`);
    for (const [axis, expected] of this.axisList) {
      const actual = shape[axis < 0 ? rank + axis : axis];
      if (actual !== null && actual !== undefined && actual !== expected) {
        fail(
          `expected axis ${axis} of input shape to have value ${expected}, but received input with shape ${formatSymbolicShape(shape)}. ` +
            'The layer was built for a different input size; create a new layer for this input.',
        );
      }
    }
  }
}
