/**
 * The logits behind the outputs of `softmax` and `sigmoid` (Keras' `_keras_logits`):
 * the crossentropies use them when given such an output, which is more accurate (no
 * clipping of probabilities) and cheaper (one fused log-softmax), as Keras 3 does on
 * its TensorFlow backend.
 */
import type { DataId } from '../../backend/kernels.js';
import type { Tensor } from '../../tensor.js';

/** The logits of an output, the buffer they held then, and the softmax axis (null: element-wise). */
interface LogitsRecord {
  logits: Tensor;
  dataId: DataId;
  axis: number | null;
}

const records = new WeakMap<Tensor, LogitsRecord>();

/** Remembers that `output` is softmax (over normalised `axis`) or sigmoid (`axis` null) of `logits`. */
export function rememberLogits(output: Tensor, logits: Tensor, axis: number | null): void {
  records.set(output, { logits, dataId: logits.dataId, axis });
}

/**
 * The logits behind `output` when it came from softmax over `axis` (normalised) or, with
 * `axis` null, from sigmoid, and the logits are still alive and unchanged; else undefined.
 */
export function logitsBehind(output: Tensor, axis: number | null): Tensor | undefined {
  const r = records.get(output);
  if (!r || r.axis !== axis || r.logits.isDisposed || r.logits.dataId !== r.dataId) return undefined;
  return r.logits;
}
