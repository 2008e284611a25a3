/**
 * Concatenate: joins a list of inputs along one axis.
 */
import { ops, type DType, type Tensor } from '@keras/core';
import { formatSymbolicShape, type SymbolicShape } from '../../engine/keras-tensor.js';
import { Layer, type LayerOptions } from '../../engine/layer.js';
import { shapeList, type ShapeArg } from '../../engine/shapes.js';
import type { JsonObject } from '../../serialization/json.js';

/** Options of {@link Concatenate}. */
export interface ConcatenateOptions extends LayerOptions {
  /** The axis to join along; default -1. */
  axis?: number;
}

/** `new Concatenate().apply([a, b])`: inputs equal in every dimension but `axis`, joined along it. */
export class Concatenate extends Layer {
  static override readonly className: string = 'Concatenate';
  /** The axis to join along. */
  readonly axis: number;

  /** `new Concatenate({ axis: -1 })`. */
  constructor(options: ConcatenateOptions = {}) {
    super(options);
    this.axis = options.axis ?? -1;
  }

  /** Checks the input shapes (Keras checks in build). */
  override build(inputShape: ShapeArg): void {
    this.computeOutputShape(inputShape);
  }

  /** Joins the inputs along `axis`. */
  call(inputs: Tensor[]): Tensor {
    return ops.concatenate(inputs, { axis: this.axis });
  }

  /** The shared shape with the `axis` sizes summed (null if any is unknown). */
  override computeOutputShape(inputShape: ShapeArg): SymbolicShape {
    const shapes = shapeList(inputShape, this.name);
    const received = `Received: input_shape=[${shapes.map(formatSymbolicShape).join(', ')}]`;
    if (shapes.length < 1) throw new RangeError(`Layer '${this.name}' (Concatenate) should be called on a list of inputs. ${received}.`);
    const rank = shapes[0]!.length;
    const axis = this.axis < 0 ? this.axis + rank : this.axis;
    if (shapes.some((s) => s.length !== rank) || axis < 0 || axis >= rank) {
      throw new RangeError(`Layer '${this.name}' (Concatenate): all inputs must have the same rank, with axis ${this.axis} in range. ${received}.`);
    }
    const out: (number | null)[] = [...shapes[0]!];
    for (const shape of shapes.slice(1)) {
      shape.forEach((d, i) => {
        if (i === axis) out[i] = out[i] === null || d === null ? null : (out[i] as number) + d;
        else if (out[i] === null) out[i] = d;
        else if (d !== null && d !== out[i]) {
          throw new RangeError(
            `Layer '${this.name}': a Concatenate layer requires inputs with matching shapes except for the concatenation axis (${this.axis}). ${received}.`,
          );
        }
      });
    }
    return out;
  }

  /** The first input's dtype. */
  override computeOutputDtype(inputDtypes: readonly DType[]): DType {
    return inputDtypes[0] ?? this.dtype;
  }

  /** `{ ..., axis }`. */
  override getConfig(): JsonObject {
    return { ...super.getConfig(), axis: this.axis };
  }
}
