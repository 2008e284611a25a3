/**
 * Reverse-mode automatic differentiation: `valueAndGradients`, `grad`, `valueAndGrad`, `stopGradient`.
 */
import { empty, full, zerosLike } from './create.js';
import { kernel, scopeStack } from './engine.js';
import { collectTensors } from './memory.js';
import { formatShape } from './shape.js';
import { currentTape, setTape, type Tape } from './tape.js';
import { Tensor } from './tensor.js';

/** The value of `f()` and its gradients with respect to `wrt`. */
export interface ValueAndGradients {
  value: Tensor;
  grads: Tensor[];
}

/** Sums two gradients of the same shape. */
function accumulate(a: Tensor, b: Tensor): Tensor {
  const out = empty(a.shape, 'float32');
  if (out.size > 0) kernel('binary')({ op: 'add', a: a.dataId, b: b.dataId, out: out.dataId, aShape: a.shape, bShape: b.shape, outShape: a.shape, dtype: 'float32' });
  return out;
}

/** Walks the tape backwards from `value`, returning the gradient of each tensor in `wrt`. */
function backprop(tape: Tape, value: Tensor, wrt: readonly Tensor[]): Tensor[] {
  const grads = new Map<number, Tensor>([[value.id, full(value.shape, 1, 'float32')]]);
  for (let i = tape.nodes.length - 1; i >= 0; i--) {
    const node = tape.nodes[i]!;
    const dy = grads.get(node.output.id);
    if (!dy) continue;
    const inputGrads = node.backward(dy);
    node.inputs.forEach((input, j) => {
      const g = inputGrads[j];
      if (!g || !tape.watched.has(input.id) || input.dtype !== 'float32') return;
      if (g.shape.length !== input.shape.length || g.shape.some((d, k) => d !== input.shape[k])) {
        throw new Error(`Gradient of '${node.name}' has shape ${formatShape(g.shape)} for an input of shape ${formatShape(input.shape)}: this is a bug in the op's gradient.`);
      }
      const prev = grads.get(input.id);
      grads.set(input.id, prev ? accumulate(prev, g) : g);
    });
  }
  return wrt.map((t) => grads.get(t.id) ?? zerosLike(t, 'float32'));
}

/**
 * Runs `f` while recording a tape, then returns its value and the gradients of
 * (the sum of) that value with respect to each tensor in `wrt` (weights, inputs).
 * `f` must be synchronous. Every tensor created on the way is disposed, except the
 * value and the gradients. Nested calls (higher-order gradients) are not supported.
 */
export function valueAndGradients(f: () => Tensor, wrt: readonly Tensor[]): ValueAndGradients {
  if (currentTape()) throw new Error('valueAndGradients: nested gradient computation (gradients of gradients) is not supported.');
  for (const t of wrt) {
    t.assertAlive('valueAndGradients');
    if (t.dtype !== 'float32') throw new TypeError(`valueAndGradients: can only differentiate with respect to float32 tensors, received ${t.dtype} ${formatShape(t.shape)}.`);
  }
  const tape: Tape = { nodes: [], watched: new Set(wrt.map((t) => t.id)), held: new Set(), deferred: new Set(), paused: false };
  const tracked: Tensor[] = [];
  scopeStack.push(tracked);
  setTape(tape);
  let result: ValueAndGradients | undefined;
  try {
    const value: unknown = f();
    if (value instanceof Promise) throw new TypeError('grad: the function returned a Promise. Gradients need a synchronous function of tensors.');
    if (!(value instanceof Tensor)) throw new TypeError('grad: the function must return a Tensor.');
    tape.paused = true;
    result = { value, grads: backprop(tape, value, wrt) };
    return result;
  } finally {
    setTape(null);
    scopeStack.pop();
    const keepSet = collectTensors(result);
    const parent = scopeStack[scopeStack.length - 1];
    for (const t of tracked) {
      if (keepSet.has(t) || t.kept) parent?.push(t);
      else t.dispose();
    }
    for (const t of tape.deferred) if (!keepSet.has(t)) t.dispose();
  }
}

/** Checks that `args` are tensors and returns them. */
function tensorArgs(args: readonly unknown[], where: string): Tensor[] {
  return args.map((a, i) => {
    if (!(a instanceof Tensor)) throw new TypeError(`${where}: argument ${i} must be a Tensor.`);
    return a;
  });
}

/**
 * `grad(f)` returns a function computing the gradients of `f` with respect to all
 * its arguments (an array, one per argument), as JAX's `grad` with `argnums` all.
 */
export function grad(f: (...args: Tensor[]) => Tensor): (...args: Tensor[]) => Tensor[] {
  return (...args) => {
    const xs = tensorArgs(args, 'grad');
    const { value, grads } = valueAndGradients(() => f(...xs), xs);
    value.dispose();
    return grads;
  };
}

/** `valueAndGrad(f)` returns a function computing `[value, grads]`. */
export function valueAndGrad(f: (...args: Tensor[]) => Tensor): (...args: Tensor[]) => [Tensor, Tensor[]] {
  return (...args) => {
    const xs = tensorArgs(args, 'valueAndGrad');
    const { value, grads } = valueAndGradients(() => f(...xs), xs);
    return [value, grads];
  };
}

/** The same values, with gradients blocked (shares the data, no copy). */
export function stopGradient(x: Tensor): Tensor {
  x.assertAlive('stopGradient');
  return new Tensor(x.shape, x.dtype, x.dataId, x.backend);
}
