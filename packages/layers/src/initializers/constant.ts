/**
 * Constant initializers: Zeros, Ones, Constant.
 */
import { full, type DType, type Shape, type Tensor } from '@keras/core';
import type { JsonObject } from '../serialization/json.js';
import { Initializer } from './initializer.js';

/** Fills with zeros (Keras' `Zeros`, `'zeros'`). */
export class Zeros extends Initializer {
  static override readonly className: string = 'Zeros';

  /** A tensor of zeros. */
  call(shape: Shape, dtype: DType = 'float32'): Tensor {
    return full(shape, 0, dtype);
  }

  /** No arguments: `{}`. */
  getConfig(): JsonObject {
    return {};
  }
}

/** Fills with ones (Keras' `Ones`, `'ones'`). */
export class Ones extends Initializer {
  static override readonly className: string = 'Ones';

  /** A tensor of ones. */
  call(shape: Shape, dtype: DType = 'float32'): Tensor {
    return full(shape, 1, dtype);
  }

  /** No arguments: `{}`. */
  getConfig(): JsonObject {
    return {};
  }
}

/** Options of {@link Constant}. */
export interface ConstantOptions {
  /** The fill value; default 0. */
  value?: number;
}

/** Fills with one value (Keras' `Constant(value=0.0)`). */
export class Constant extends Initializer {
  static override readonly className: string = 'Constant';
  /** The fill value. */
  readonly value: number;

  /** `new Constant({ value: 0.5 })`. */
  constructor(options: ConstantOptions = {}) {
    super();
    this.value = options.value ?? 0;
    if (!Number.isFinite(this.value)) throw new TypeError(`Constant: value must be a finite number, received ${String(options.value)}.`);
  }

  /** A tensor filled with `value`. */
  call(shape: Shape, dtype: DType = 'float32'): Tensor {
    return full(shape, this.value, dtype);
  }

  /** `{ value }`. */
  getConfig(): JsonObject {
    return { value: this.value };
  }
}
