/**
 * Constant initializers: Zeros, Ones, Constant.
 */
import { full, type DType, type Shape, type Tensor } from '@keras/core';
import type { JsonObject } from '../serialization/json.js';
import { Initializer } from './initializer.js';

/** Fills every element with one value; the config is empty unless a subclass reports the value. */
abstract class Fill extends Initializer {
  /** `value`: the fill value. */
  constructor(protected readonly value: number) {
    super();
  }

  /** A tensor filled with the value. */
  call(shape: Shape, dtype: DType = 'float32'): Tensor {
    return full(shape, this.value, dtype);
  }

  /** No arguments: `{}`. */
  getConfig(): JsonObject {
    return {};
  }
}

/** Fills with zeros (Keras' `Zeros`, `'zeros'`). */
export class Zeros extends Fill {
  static override readonly className: string = 'Zeros';

  /** `new Zeros()`. */
  constructor() {
    super(0);
  }
}

/** Fills with ones (Keras' `Ones`, `'ones'`). */
export class Ones extends Fill {
  static override readonly className: string = 'Ones';

  /** `new Ones()`. */
  constructor() {
    super(1);
  }
}

/** Options of {@link Constant}. */
export interface ConstantOptions {
  /** The fill value; default 0. */
  value?: number;
}

/** Fills with one value (Keras' `Constant(value=0.0)`). */
export class Constant extends Fill {
  static override readonly className: string = 'Constant';
  /** The fill value. */
  declare readonly value: number;

  /** `new Constant({ value: 0.5 })`. */
  constructor(options: ConstantOptions = {}) {
    const value = options.value ?? 0;
    if (!Number.isFinite(value)) throw new TypeError(`Constant: value must be a finite number, received ${String(options.value)}.`);
    super(value);
  }

  /** `{ value }`. */
  override getConfig(): JsonObject {
    return { value: this.value };
  }
}
