/**
 * One step of training, evaluation or prediction on a batch: synchronous, every
 * intermediate tensor freed before it returns (training and evaluation steps return
 * a promise of their logs, read as of the step).
 */
import { dispose, keep, ops, tidy, valueAndGradients, type Tensor } from '@keras/core';
import type { Logs } from '../callbacks/callback.js';
import type { Batch } from './batches.js';
import { copyTensor } from './copy-tensor.js';
import type { BuiltState, CompiledState } from './compile.js';
import type { TrainingTarget } from './target.js';

/** Models that have run a forward pass through the loop (their weights exist). */
const warmedUp = new WeakSet<TrainingTarget>();

/** Runs one inference pass so that lazily built layers create their weights before gradients are taken. */
function ensureBuilt(model: TrainingTarget, xs: readonly Tensor[]): void {
  if (warmedUp.has(model)) return;
  tidy(() => {
    model.apply(xs, false);
  });
  warmedUp.add(model);
}

/** Checks that the model returned one prediction per output. */
function checkOutputs(model: TrainingTarget, preds: readonly Tensor[]): void {
  if (preds.length !== model.outputNames.length) {
    throw new Error(`Model '${model.name}' returned ${preds.length} outputs but declares ${model.outputNames.length} (${model.outputNames.join(', ')}).`);
  }
}

/** The total loss (with regularization) and each output's loss, for the loss trackers. */
function computeLoss(model: TrainingTarget, built: BuiltState, batch: Batch, preds: readonly Tensor[]): { total: Tensor; perOutput: (Tensor | null)[] } {
  const { total, perOutput } = built.loss.compute(batch.ys, preds, batch.sampleWeight);
  const regularization = model.regularizationLosses();
  return { total: regularization.reduce<Tensor>((sum, r) => ops.add(sum, r), total), perOutput };
}

/** Updates the loss trackers (weighted by the batch size, as Keras) and the compiled metrics. */
function updateMetrics(built: BuiltState, batch: Batch, preds: readonly Tensor[], total: Tensor, perOutput: readonly (Tensor | null)[]): void {
  built.lossTracker.update(total, batch.size);
  perOutput.forEach((v, i) => {
    const tracker = built.outputLossTrackers[i];
    if (tracker && v) tracker.update(v, batch.size);
  });
  for (const m of built.metrics) m.metric.updateState(batch.ys[m.output]!, preds[m.output]!, m.weighted ? batch.sampleWeight : null);
}

/**
 * One training step: forward in training mode, loss, gradients, metrics, optimizer
 * update; returns the logs after it. They are read before the update is queued (they do
 * not depend on it), so on a backend that queues kernels (wasm with a pool) the read
 * waits for the loss and metrics alone while the update runs.
 */
export function trainStep(model: TrainingTarget, state: CompiledState, batch: Batch): Promise<Logs> {
  ensureBuilt(model, batch.xs);
  const weights = model.trainableWeights;
  const grads = tidy(() => {
    let preds: Tensor[] = [];
    let perOutput: (Tensor | null)[] = [];
    let built: BuiltState | null = null;
    const { value, grads } = valueAndGradients(() => {
      preds = model.apply(batch.xs, true);
      checkOutputs(model, preds);
      built = state.build(model, batch.ys, preds);
      const loss = computeLoss(model, built, batch, preds);
      // Predictions and per-output losses outlive the gradient computation for the metrics.
      preds.forEach((p) => keep(p));
      perOutput = loss.perOutput;
      perOutput.forEach((v) => v && keep(v));
      return loss.total;
    }, weights);
    try {
      updateMetrics(built!, batch, preds, value, perOutput);
    } finally {
      // A model may return an input as is; the batch owns those.
      for (const t of [...preds, ...perOutput]) if (t && !batch.xs.includes(t)) t.dispose();
    }
    return grads;
  });
  const logs = readLogs(state);
  try {
    tidy(() => state.optimizer.apply(grads, weights));
  } catch (e) {
    logs.catch(() => undefined);
    throw e;
  } finally {
    dispose(grads);
  }
  return logs;
}

/** One evaluation step: forward in inference mode, loss and metrics; returns the logs after it. */
export function testStep(model: TrainingTarget, state: CompiledState, batch: Batch): Promise<Logs> {
  tidy(() => {
    const preds = model.apply(batch.xs, false);
    checkOutputs(model, preds);
    const built = state.build(model, batch.ys, preds);
    const { total, perOutput } = computeLoss(model, built, batch, preds);
    updateMetrics(built, batch, preds, total, perOutput);
  });
  return readLogs(state);
}

/** One prediction step: the outputs of a forward pass in inference mode, owned by the caller (an input returned as is is copied). */
export function predictStep(model: TrainingTarget, batch: Batch): Tensor[] {
  const preds = tidy(() => model.apply(batch.xs, false));
  checkOutputs(model, preds);
  return preds.map((p) => (batch.xs.includes(p) ? copyTensor(p) : p));
}

/** The current value of every log entry, as plain numbers, read in one transfer. */
export async function readLogs(state: CompiledState): Promise<Logs> {
  const entries = state.logEntries();
  if (!entries.length) return {};
  // One entry (a loss alone) is read as is; several are stacked into one read.
  const stacked = tidy(() => (entries.length === 1 ? entries[0]![1].result() : ops.stack(entries.map(([, m]) => ops.reshape(m.result(), [])))));
  const values = await stacked.data();
  stacked.dispose();
  const logs: Logs = {};
  entries.forEach(([key], i) => {
    logs[key] = values[i]!;
  });
  return logs;
}
