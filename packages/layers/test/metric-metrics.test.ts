import { tensor, type Tensor } from '@keras/core';
import { beforeAll, describe, expect, it } from 'vitest';
import * as metrics from '../src/metrics/index.js';
import { Accuracy, AUC, BinaryAccuracy, CategoricalAccuracy, Mean, MeanAbsoluteError, MeanSquaredError, Precision, Recall, SparseCategoricalAccuracy } from '../src/metrics/index.js';
import { clearSession } from '../src/engine/names.js';
import { seededRandom } from '@keras/core/testing';
import { snapshot, useWasm, values } from './train-helpers.js';

beforeAll(useWasm);

async function result(m: metrics.Metric): Promise<number> {
  const r = m.result();
  const [v] = await values(r);
  r.dispose();
  return v!;
}

describe('Mean and MeanMetricWrapper', () => {
  it('Mean is a weighted running mean; resetState starts over', async () => {
    const m = new Mean();
    expect(m.name).toBe('mean');
    m.updateState([1, 2, 3]);
    m.updateState([10], null, [2]);
    expect(await result(m)).toBeCloseTo((1 + 2 + 3 + 20) / 5, 6);
    m.resetState();
    expect(await result(m)).toBe(0);
    m.updateState([[1, 3], [5, 7]]);
    expect(await result(m)).toBeCloseTo(4, 6);
    m.dispose();
  });

  it('MeanSquaredError and MeanAbsoluteError accumulate over batches', async () => {
    const mse = new MeanSquaredError();
    const mae = new MeanAbsoluteError();
    for (const m of [mse, mae]) {
      m.updateState([[0, 1], [2, 2]], [[1, 1], [0, 2]]);
      m.updateState([[3, 3]], [[0, 3]], [0.5]);
    }
    // Per-sample: mse [0.5, 2, 4.5], mae [0.5, 1, 1.5]; weights [1, 1, 0.5].
    expect(await result(mse)).toBeCloseTo((0.5 + 2 + 2.25) / 2.5, 6);
    expect(await result(mae)).toBeCloseTo((0.5 + 1 + 0.75) / 2.5, 6);
    expect(mse.name).toBe('mean_squared_error');
    expect(mse.direction).toBe('down');
  });
});

describe('accuracy metrics', () => {
  it('BinaryAccuracy thresholds at 0.5 (or the given threshold)', async () => {
    const m = new BinaryAccuracy();
    m.updateState([[1], [0], [1], [0]], [[0.6], [0.4], [0.3], [0.7]]);
    expect(await result(m)).toBeCloseTo(0.5, 6);
    const strict = new BinaryAccuracy({ threshold: 0.65 });
    strict.updateState([1, 0, 1, 0], [[0.6], [0.4], [0.3], [0.7]]);
    expect(await result(strict)).toBeCloseTo(0.25, 6);
    expect(strict.getConfig()).toEqual({ name: 'binary_accuracy', dtype: 'float32', threshold: 0.65 });
  });

  it('CategoricalAccuracy, SparseCategoricalAccuracy, Accuracy', async () => {
    const preds = [[0.1, 0.8, 0.1], [0.5, 0.2, 0.3], [0.2, 0.2, 0.6]];
    const cat = new CategoricalAccuracy();
    cat.updateState([[0, 1, 0], [0, 0, 1], [0, 0, 1]], preds);
    expect(await result(cat)).toBeCloseTo(2 / 3, 6);
    const sparse = new SparseCategoricalAccuracy();
    sparse.updateState([[1], [2], [2]], preds);
    sparse.updateState([0], [[0.9, 0.05, 0.05]], [3]);
    expect(await result(sparse)).toBeCloseTo(5 / 6, 6);
    const exact = new Accuracy();
    exact.updateState([1, 2, 3, 4], [1, 2, 0, 4]);
    expect(await result(exact)).toBeCloseTo(0.75, 6);
  });
});

describe('Precision, Recall, AUC', () => {
  const r = seededRandom(7);
  const n = 300;
  const labels = Array.from({ length: n }, () => (r() < 0.4 ? 1 : 0));
  const preds = labels.map((l) => Math.fround(Math.min(0.999, Math.max(0.001, 0.5 * r() + (l ? 0.35 : 0.1)))));
  const weights = Array.from({ length: n }, () => Math.fround(r() * 2));

  function confusion(thresholds: readonly number[], w: readonly number[] | null): { tp: number[]; fp: number[]; tn: number[]; fn: number[] } {
    const out = { tp: [] as number[], fp: [] as number[], tn: [] as number[], fn: [] as number[] };
    for (const th of thresholds.map(Math.fround)) {
      let tp = 0;
      let fp = 0;
      let tn = 0;
      let fn = 0;
      preds.forEach((p, i) => {
        const wi = w ? w[i]! : 1;
        const pos = p > th;
        if (labels[i] && pos) tp += wi;
        else if (!labels[i] && pos) fp += wi;
        else if (!labels[i]) tn += wi;
        else fn += wi;
      });
      out.tp.push(tp);
      out.fp.push(fp);
      out.tn.push(tn);
      out.fn.push(fn);
    }
    return out;
  }

  /** Keras' AUC result (ROC or PR, interpolation) computed in float64. */
  function aucRef(curve: 'ROC' | 'PR', w: readonly number[] | null, numThresholds = 200): number {
    const thresholds = [-1e-7, ...Array.from({ length: numThresholds - 2 }, (_, i) => (i + 1) / (numThresholds - 1)), 1 + 1e-7];
    const { tp, fp, tn, fn } = confusion(thresholds, w);
    const div = (a: number, b: number): number => (b === 0 ? 0 : a / b);
    let total = 0;
    for (let i = 0; i < numThresholds - 1; i++) {
      if (curve === 'ROC') {
        const x0 = div(fp[i]!, fp[i]! + tn[i]!);
        const x1 = div(fp[i + 1]!, fp[i + 1]! + tn[i + 1]!);
        const y0 = div(tp[i]!, tp[i]! + fn[i]!);
        const y1 = div(tp[i + 1]!, tp[i + 1]! + fn[i + 1]!);
        total += (x0 - x1) * ((y0 + y1) / 2);
      } else {
        const dtp = tp[i]! - tp[i + 1]!;
        const p0 = tp[i]! + fp[i]!;
        const p1 = tp[i + 1]! + fp[i + 1]!;
        const slope = div(dtp, Math.max(p0 - p1, 0));
        const intercept = tp[i + 1]! - slope * p1;
        const ratio = p0 > 0 && p1 > 0 ? div(p0, Math.max(p1, 0)) : 1;
        total += div(slope * (dtp + intercept * Math.log(ratio)), Math.max(tp[i + 1]! + fn[i + 1]!, 0));
      }
    }
    return total;
  }

  /** The exact ROC AUC (probability that a positive outranks a negative). */
  function exactAuc(): number {
    let wins = 0;
    let pairs = 0;
    preds.forEach((p, i) => {
      if (!labels[i]) return;
      preds.forEach((q, j) => {
        if (labels[j]) return;
        pairs++;
        wins += p > q ? 1 : p === q ? 0.5 : 0;
      });
    });
    return wins / pairs;
  }

  /** Feeds the data in three batches. */
  function feed(m: metrics.Metric, w: readonly number[] | null): void {
    for (const [a, b] of [[0, 100], [100, 250], [250, n]] as const) {
      const yTrue = tensor(labels.slice(a, b));
      const yPred = tensor(preds.slice(a, b), { shape: [b - a, 1] });
      const sw = w ? tensor(w.slice(a, b)) : null;
      m.updateState(yTrue, yPred, sw);
      for (const t of [yTrue, yPred, sw]) t?.dispose();
    }
  }

  it('Precision and Recall at 0.5, weighted and not', async () => {
    for (const w of [null, weights]) {
      const { tp, fp, fn } = confusion([0.5], w);
      const p = new Precision();
      const rc = new Recall();
      feed(p, w);
      feed(rc, w);
      expect(await result(p)).toBeCloseTo(tp[0]! / (tp[0]! + fp[0]!), 5);
      expect(await result(rc)).toBeCloseTo(tp[0]! / (tp[0]! + fn[0]!), 5);
    }
    const high = new Precision({ thresholds: 0.7 });
    feed(high, null);
    const { tp, fp } = confusion([0.7], null);
    expect(await result(high)).toBeCloseTo(tp[0]! / (tp[0]! + fp[0]!), 5);
  });

  it('AUC (ROC, interpolation) matches Keras\u2019 computation and approximates the exact AUC', async () => {
    const auc = new AUC();
    feed(auc, null);
    const value = await result(auc);
    expect(value).toBeCloseTo(aucRef('ROC', null), 5);
    expect(Math.abs(value - exactAuc())).toBeLessThan(0.01);
    const weighted = new AUC({ numThresholds: 50 });
    feed(weighted, weights);
    expect(await result(weighted)).toBeCloseTo(aucRef('ROC', weights, 50), 5);
  });

  it('AUC (PR, interpolation) matches Keras\u2019 Davis-Goadrich interpolation', async () => {
    const auc = new AUC({ curve: 'PR' });
    feed(auc, null);
    expect(await result(auc)).toBeCloseTo(aucRef('PR', null), 4);
  });

  it('AUC fromLogits applies a sigmoid first; an empty metric gives 0', async () => {
    const auc = new AUC({ fromLogits: true });
    expect(await result(auc)).toBe(0);
    auc.updateState([0, 1, 0, 1], [-2, 3, 0.5, 1]);
    expect(await result(auc)).toBeCloseTo(1, 6);
  });

  it('update and result leave nothing behind; names are auto-numbered as in Keras', async () => {
    clearSession();
    const p = new Precision();
    const auc = new AUC();
    expect(p.name).toBe('precision');
    expect(new Precision().name).toBe('precision_1');
    expect(auc.name).toBe('auc');
    feed(auc, weights);
    feed(p, weights);
    const before = snapshot();
    feed(auc, weights);
    feed(p, null);
    await result(auc);
    await result(p);
    expect(snapshot()).toEqual(before);
  });
});

describe('identifiers and configs', () => {
  it('get() by Keras names and aliases', () => {
    expect(metrics.get('mse')).toBeInstanceOf(MeanSquaredError);
    expect(metrics.get('mae')).toBeInstanceOf(MeanAbsoluteError);
    expect(metrics.get('AUC')).toBeInstanceOf(AUC);
    expect(metrics.get('auc')).toBeInstanceOf(AUC);
    expect(metrics.get('precision')).toBeInstanceOf(Precision);
    expect(metrics.get('binary_accuracy')).toBeInstanceOf(BinaryAccuracy);
    expect(metrics.get('sparseCategoricalAccuracy')).toBeInstanceOf(SparseCategoricalAccuracy);
    const fn = metrics.get(function absError(t: Tensor, p: Tensor) {
      return metrics.accuracy(t, p);
    });
    expect(fn.name).toBe('absError');
    expect(() => metrics.get('accuracyy')).toThrow(/Unknown metric 'accuracyy'/);
  });

  it("AUC's config uses Keras' keys and round-trips", () => {
    const auc = new AUC({ numThresholds: 50, curve: 'PR', name: 'pr_auc' });
    const s = metrics.serialize(auc);
    expect(s.config).toEqual({
      name: 'pr_auc', dtype: 'float32', num_thresholds: 50, curve: 'PR', summation_method: 'interpolation',
      multi_label: false, num_labels: null, label_weights: null, from_logits: false,
    });
    const back = metrics.deserialize(s) as AUC;
    expect(back.getConfig()).toEqual(auc.getConfig());
  });
});
