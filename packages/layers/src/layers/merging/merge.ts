/**
 * Element-wise merge layers: Add and Multiply on a shared base (Keras' `Merge`).
 */
import { ops, type Tensor } from '@keras/core';
import { formatSymbolicShape, type SymbolicShape } from '../../engine/keras-tensor.js';
import { Layer } from '../../engine/layer.js';
import { shapeList, type ShapeArg } from '../../engine/shapes.js';

/** An element-wise merge of two or more inputs that broadcast together. */
abstract class Merge extends Layer {
  /** Combines two tensors. */
  protected abstract combine(a: Tensor, b: Tensor): Tensor;

  /** The broadcast output shape, or Keras' error naming the layer and both shapes. */
  private mergedShape(a: SymbolicShape, b: SymbolicShape): SymbolicShape {
    const rank = Math.max(a.length, b.length);
    const out: (number | null)[] = [];
    for (let i = 0; i < rank; i++) {
      const x = i < rank - a.length ? 1 : a[i - (rank - a.length)]!;
      const y = i < rank - b.length ? 1 : b[i - (rank - b.length)]!;
      if (x === null || y === null) out.push(x === 1 ? y : y === 1 ? x : null);
      else if (x === 1 || y === 1 || x === y) out.push(x === 1 ? y : x);
      else {
        throw new RangeError(
          `Layer '${this.name}' (${this.className}): inputs have incompatible shapes. Received shapes ${formatSymbolicShape(a)} and ${formatSymbolicShape(b)}; ` +
            'every dimension must be equal (or 1).',
        );
      }
    }
    return out;
  }

  /** Checks that there are at least two inputs and that they broadcast together. */
  override build(inputShape: ShapeArg): void {
    this.computeOutputShape(inputShape);
  }

  /** Combines the inputs left to right. */
  call(inputs: Tensor[]): Tensor {
    return inputs.slice(1).reduce((acc, x) => this.combine(acc, x), inputs[0]!);
  }

  /** The broadcast shape of all inputs. */
  override computeOutputShape(inputShape: ShapeArg): SymbolicShape {
    const shapes = shapeList(inputShape, this.name);
    if (shapes.length < 2) {
      throw new RangeError(`Layer '${this.name}' (${this.className}) should be called on a list of at least 2 inputs. Received ${shapes.length} input.`);
    }
    return shapes.slice(1).reduce((acc, s) => this.mergedShape(acc, s), shapes[0]!);
  }
}

/** `new Add().apply([a, b])`: the element-wise sum of its inputs. */
export class Add extends Merge {
  static override readonly className: string = 'Add';

  /** a + b. */
  protected combine(a: Tensor, b: Tensor): Tensor {
    return ops.add(a, b);
  }
}

/** `new Multiply().apply([a, b])`: the element-wise product of its inputs. */
export class Multiply extends Merge {
  static override readonly className: string = 'Multiply';

  /** a * b. */
  protected combine(a: Tensor, b: Tensor): Tensor {
    return ops.multiply(a, b);
  }
}
