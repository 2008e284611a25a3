/**
 * Shape helpers of the engine: single shapes versus lists of shapes, and value descriptions for errors.
 */
import { Tensor } from '@keras/core';
import { formatSymbolicShape, KerasTensor, type SymbolicShape } from './keras-tensor.js';

/** The input shape of a layer: one shape, or one per input for layers taking a list (merges). */
export type ShapeArg = SymbolicShape | readonly SymbolicShape[];

/** Whether a shape argument is a list of shapes rather than one shape. */
export function isShapeList(shape: ShapeArg): shape is readonly SymbolicShape[] {
  return shape.length > 0 && Array.isArray(shape[0]);
}

/** A short description of a value for error messages: `Tensor (2, 3) float32`, `number`, `array`. */
export function describeValue(value: unknown): string {
  if (value instanceof Tensor) return `Tensor ${formatSymbolicShape(value.shape)} ${value.dtype}`;
  if (value instanceof KerasTensor) return value.toString();
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : typeof value;
}

/** The shape of a single-input layer call, with a clear error when a list was passed. */
export function singleShape(shape: ShapeArg, layerName: string): SymbolicShape {
  if (isShapeList(shape)) throw new TypeError(`Layer '${layerName}' takes one input, but received a list of ${shape.length} inputs.`);
  return shape;
}

/** The shapes of a list-input layer call, with a clear error when a single input was passed. */
export function shapeList(shape: ShapeArg, layerName: string): readonly SymbolicShape[] {
  if (!isShapeList(shape)) throw new TypeError(`Layer '${layerName}' takes a list of inputs, but received a single input of shape ${formatSymbolicShape(shape)}.`);
  return shape;
}
