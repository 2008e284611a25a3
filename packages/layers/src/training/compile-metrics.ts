/**
 * The compiled metrics: each output's metrics and weighted metrics (resolved at the first
 * batch, when 'accuracy' can be told binary, categorical or sparse), with Keras' log names.
 */
import type { Tensor } from '@keras/core';
import { BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy } from '../metrics/accuracy-metrics.js';
import { get as getMetric, type MetricIdentifier } from '../metrics/index.js';
import type { Metric } from '../metrics/metric.js';
import { classifyTargets } from './compile-loss.js';
import { isOutputDict, perOutput, type PerOutput } from './outputs.js';

/** The `metrics` (or `weightedMetrics`) option: a list for a single output, one list per output, or a dict by output name. */
export type MetricsSpec = PerOutput<MetricIdentifier | readonly MetricIdentifier[] | null>;

/** A metric of one output, with the name it has in the logs. */
export interface CompiledMetric {
  /** The key in the logs ('accuracy'; 'output_a_accuracy' with several outputs). */
  readonly key: string;
  readonly metric: Metric;
  readonly output: number;
  /** Whether sample weights apply (weighted metrics only, as in Keras). */
  readonly weighted: boolean;
}

/** Keras' `get_metric`: 'accuracy'/'acc' by the shapes; metrics given by name are renamed to that name. */
function resolveMetric(identifier: MetricIdentifier, yTrue: Tensor, yPred: Tensor): Metric {
  let metric: Metric;
  if (typeof identifier === 'string' && ['accuracy', 'acc'].includes(identifier.toLowerCase())) {
    const { binary, sparse } = classifyTargets(yTrue, yPred);
    metric = binary ? new BinaryAccuracy() : sparse ? new SparseCategoricalAccuracy() : new CategoricalAccuracy();
  } else {
    metric = getMetric(identifier);
  }
  if (typeof identifier === 'string') metric.name = identifier;
  return metric;
}

/** Each output's metric identifiers, from the option as given. */
function metricsPerOutput(spec: MetricsSpec | undefined, outputNames: readonly string[], option: string): MetricIdentifier[][] {
  if (spec === undefined || spec === null) return outputNames.map(() => []);
  const asList = (v: MetricIdentifier | readonly MetricIdentifier[] | null): MetricIdentifier[] => (v === null ? [] : Array.isArray(v) ? [...(v as readonly MetricIdentifier[])] : [v as MetricIdentifier]);
  if (outputNames.length === 1 && Array.isArray(spec)) return [(spec as readonly MetricIdentifier[]).filter((m) => m !== null)];
  const isLeaf = (v: unknown): v is MetricIdentifier | null => v === null || !(Array.isArray(v) || isOutputDict(v));
  if (outputNames.length > 1 && !Array.isArray(spec) && !isOutputDict(spec)) {
    throw new Error(`For a model with ${outputNames.length} outputs, \`${option}\` must be a list with one entry per output or a dict keyed by output name (${outputNames.join(', ')}).`);
  }
  return perOutput(spec, outputNames, option, isLeaf, null).map(asList);
}

/**
 * Builds the compiled metrics. Names are the metric names, prefixed with the output name
 * when the model has several outputs; a repeated name gets `_1`, `_2`... (weighted
 * metrics: `weighted_` first), as Keras' CompileMetrics does.
 */
export function buildMetrics(
  metrics: MetricsSpec | undefined,
  weightedMetrics: MetricsSpec | undefined,
  outputNames: readonly string[],
  yTrue: readonly Tensor[],
  yPred: readonly Tensor[],
): CompiledMetric[] {
  const counters = new Map<string, number>();
  const out: CompiledMetric[] = [];
  const prefix = (output: number, name: string): string => (outputNames.length > 1 ? `${outputNames[output]}_${name}` : name);
  for (const weighted of [false, true]) {
    const perOut = metricsPerOutput(weighted ? weightedMetrics : metrics, outputNames, weighted ? 'weightedMetrics' : 'metrics');
    perOut.forEach((ids, output) => {
      for (const id of ids) {
        const metric = resolveMetric(id, yTrue[output]!, yPred[output]!);
        let key = prefix(output, metric.name);
        if (counters.has(key)) {
          if (weighted) key = prefix(output, `weighted_${metric.name}`);
          const n = counters.get(key);
          counters.set(key, (n ?? 0) + 1);
          if (n !== undefined) key = `${key}_${n}`;
        } else {
          counters.set(key, 1);
        }
        out.push({ key, metric, output, weighted });
      }
    });
  }
  return out;
}
