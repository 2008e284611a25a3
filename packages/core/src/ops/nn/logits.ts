/**
 * The logits behind the outputs of `softmax` and `sigmoid` (Keras' `_keras_logits`):
 * the crossentropies use them when given such an output, which is more accurate (no
 * clipping of probabilities) and cheaper (one fused log-softmax), as Keras 3 does on
 * its TensorFlow backend.
 */
import { normalizeAxes } from '../../shape.js';
import { currentTape } from '../../tape.js';
import type { Tensor } from '../../tensor.js';

/** Remembers that `output` is softmax (over `axis` as the caller gave it) or sigmoid (`axis` null) of `logits`. */
export function rememberLogits(output: Tensor, logits: Tensor, axis: number | readonly number[] | null): void {
  output.logitsRecord = { logits, dataId: logits.dataId, axis, tape: currentTape() };
}

/**
 * The logits behind `output` when it came from softmax over `axis` (normalised) or, with
 * `axis` null, from sigmoid, and the logits are still alive and unchanged; else undefined.
 * While gradients are recorded, only an output made under the same tape qualifies: one
 * made before may be what the gradient is taken with respect to (the probabilities
 * themselves), and the logits would cut it off from the loss.
 */
export function logitsBehind(output: Tensor, axis: number | null): Tensor | undefined {
  const r = output.logitsRecord;
  if (!r || r.logits.isDisposed || r.logits.dataId !== r.dataId) return undefined;
  if ((r.axis === null) !== (axis === null)) return undefined;
  if (r.axis !== null) {
    // Normalised here, on the rare lookup, rather than on every softmax.
    const axes = normalizeAxes(r.axis, output.rank, 'softmax');
    if (axes.length !== 1 || axes[0] !== axis) return undefined;
  }
  const tape = currentTape();
  if (tape !== null && r.tape !== tape) return undefined;
  return r.logits;
}
