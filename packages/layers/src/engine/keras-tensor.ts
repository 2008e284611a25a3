/**
 * KerasTensor: a symbolic tensor (shape with a possibly unknown batch size, dtype)
 * that carries shapes through the functional API without running a backend.
 */
import type { DType } from '@keras/core';
import type { Layer } from './layer.js';

/** A shape whose dimensions may be unknown (`null`, Python's `None`), e.g. the batch size. */
export type SymbolicShape = readonly (number | null)[];

/** Where a KerasTensor came from (Keras' `_keras_history`): the layer, which call of it, which output. */
export interface KerasHistory {
  /** The layer whose call produced the tensor. */
  readonly layer: Layer;
  /** The index of that call in `layer.inboundNodes`. */
  readonly nodeIndex: number;
  /** The index of the tensor among that call's outputs. */
  readonly tensorIndex: number;
}

/** A symbolic tensor: what `Input()` returns and what layers return when called on symbolic tensors. */
export class KerasTensor {
  /** The shape; `null` marks an unknown size (the batch dimension, usually). */
  readonly shape: SymbolicShape;
  /** The dtype the tensor will have. */
  readonly dtype: DType;
  /** The layer call that produced it; set when the call is recorded. */
  history: KerasHistory | undefined;

  /** A symbolic tensor of `shape` and `dtype`. */
  constructor(shape: SymbolicShape, dtype: DType = 'float32') {
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** Keras-like text: `<KerasTensor shape=(None, 8), dtype=float32>`. */
  toString(): string {
    const source = this.history ? `, name=${this.history.layer.name}` : '';
    return `<KerasTensor shape=${formatSymbolicShape(this.shape)}, dtype=${this.dtype}${source}>`;
  }
}

/** Formats a shape the way Python prints a tuple: `(None, 8)`, `(5,)`, `()`. */
export function formatSymbolicShape(shape: SymbolicShape): string {
  if (shape.length === 1) return `(${shape[0] ?? 'None'},)`;
  return `(${shape.map((d) => d ?? 'None').join(', ')})`;
}

/** Whether a value is a KerasTensor. */
export function isKerasTensor(value: unknown): value is KerasTensor {
  return value instanceof KerasTensor;
}
