/**
 * Weight regularizers: L1, L2 and L1L2 penalties added to the training loss.
 */
import { ops, type Tensor } from '@keras/core';
import type { JsonObject } from '../serialization/json.js';

/** A penalty on a weight tensor: `regularizer.call(weights)` returns a scalar. */
export abstract class Regularizer {
  /** The Keras class name, used by `serialize`. */
  static readonly className: string = 'Regularizer';

  /** The scalar penalty for `x`. */
  abstract call(x: Tensor): Tensor;

  /** Keras' `get_config()`. */
  abstract getConfig(): JsonObject;

  /** The Keras class name of this regularizer. */
  get className(): string {
    return (this.constructor as typeof Regularizer).className;
  }
}

/** Checks a penalty factor as Keras' `validate_float_arg` does. */
function factor(value: number, name: string, className: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${className}: invalid value for argument ${name}: expected a non-negative float, received ${String(value)}.`);
  }
  return value;
}

/** l1 * sum(|x|). */
function l1Penalty(x: Tensor, l1: number): Tensor {
  return ops.multiply(ops.sum(ops.abs(x)), l1);
}

/** l2 * sum(x^2). */
function l2Penalty(x: Tensor, l2: number): Tensor {
  return ops.multiply(ops.sum(ops.square(x)), l2);
}

/** l1 * sum(|x|) (Keras' `L1(l1=0.01)`, `'l1'`). */
export class L1 extends Regularizer {
  static override readonly className: string = 'L1';
  /** The L1 factor. */
  readonly l1: number;

  /** `new L1(0.01)`. */
  constructor(l1 = 0.01) {
    super();
    this.l1 = factor(l1, 'l1', 'L1');
  }

  /** l1 * sum(|x|). */
  call(x: Tensor): Tensor {
    return l1Penalty(x, this.l1);
  }

  /** `{ l1 }`. */
  getConfig(): JsonObject {
    return { l1: this.l1 };
  }
}

/** l2 * sum(x^2) (Keras' `L2(l2=0.01)`, `'l2'`). */
export class L2 extends Regularizer {
  static override readonly className: string = 'L2';
  /** The L2 factor. */
  readonly l2: number;

  /** `new L2(0.01)`. */
  constructor(l2 = 0.01) {
    super();
    this.l2 = factor(l2, 'l2', 'L2');
  }

  /** l2 * sum(x^2). */
  call(x: Tensor): Tensor {
    return l2Penalty(x, this.l2);
  }

  /** `{ l2 }`. */
  getConfig(): JsonObject {
    return { l2: this.l2 };
  }
}

/** l1 * sum(|x|) + l2 * sum(x^2) (Keras' `L1L2(l1=0.0, l2=0.0)`, `'l1_l2'`). */
export class L1L2 extends Regularizer {
  static override readonly className: string = 'L1L2';
  /** The L1 factor. */
  readonly l1: number;
  /** The L2 factor. */
  readonly l2: number;

  /** `new L1L2(0.01, 0.01)`. */
  constructor(l1 = 0, l2 = 0) {
    super();
    this.l1 = factor(l1, 'l1', 'L1L2');
    this.l2 = factor(l2, 'l2', 'L1L2');
  }

  /** The sum of both penalties. */
  call(x: Tensor): Tensor {
    return ops.add(l1Penalty(x, this.l1), l2Penalty(x, this.l2));
  }

  /** `{ l1, l2 }`. */
  getConfig(): JsonObject {
    return { l1: this.l1, l2: this.l2 };
  }
}
