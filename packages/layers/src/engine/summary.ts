/**
 * `model.summary()`: Keras 3's table (`keras/src/utils/summary_utils.py` rendered by
 * rich with the heavy-head box), in plain text: layer (type), output shape, params,
 * and "Connected to" for graph-shaped functional models; then the parameter totals.
 */
import { bytesPerElement, type Variable } from '@keras/core';
import type { FunctionalGraph } from './functional.js';
import type { Layer } from './layer.js';
import type { Node } from './node.js';
import { isShapeList } from './shapes.js';
import { renderTable, type Alignment } from './table.js';

/** Options of `model.summary()`. */
export interface SummaryOptions {
  /** Called with each line; default `console.log`. */
  printFn?: (line: string) => void;
  /** Total width; default 88 (108 with "Connected to"), capped at the terminal width minus 4 as Keras does. */
  lineLength?: number;
  /** Column boundaries as fractions of the width; Keras' defaults [0.45, 0.8, 1] or [0.3, 0.56, 0.74, 1]. */
  positions?: readonly number[];
}

/** What the summary needs to know about a model. */
export interface SummaryTarget {
  readonly name: string;
  readonly className: string;
  readonly layers: readonly Layer[];
  readonly trainableWeights: readonly Variable[];
  readonly nonTrainableWeights: readonly Variable[];
}

/** Keras' width default: min(default, terminal columns - 4), with the terminal at 80 columns when unknown (Python's fallback). */
function defaultLineLength(preferred: number): number {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined>; stdout?: { columns?: number } } }).process;
  const columns = Number(env?.env?.['COLUMNS']) || env?.stdout?.columns || 80;
  return Math.min(preferred, columns - 4);
}

/** A shape as Keras' summary writes it: `(None, 12)` (a 1-D shape prints as `(None)`, as Keras' join does). */
function formatShape(shape: readonly (number | null)[]): string {
  return `(${shape.map((d) => d ?? 'None').join(', ')})`;
}

/** The output shape column: from the layer's last call, else from its build shape, else `?`. */
function outputShape(layer: Layer): string {
  const node = layer.inboundNodes[layer.inboundNodes.length - 1];
  let shapes: (readonly (number | null)[])[];
  if (node) {
    shapes = node.outputs.map((t) => t.shape);
  } else if (layer.built && layer.buildInputShape !== undefined) {
    try {
      const out = layer.computeOutputShape(layer.buildInputShape);
      shapes = isShapeList(out) ? [...out] : [out];
    } catch {
      return '?';
    }
  } else {
    return '?';
  }
  return shapes.length === 1 ? formatShape(shapes[0]!) : `[${shapes.map(formatShape).join(', ')}]`;
}

/** The "Connected to" column: `layer[node][tensor]` for each input of the layer's calls in this model. */
function connections(layer: Layer, own: ReadonlySet<Node>): string {
  const refs: string[] = [];
  for (const node of layer.inboundNodes) {
    if (!own.has(node)) continue;
    for (const t of node.inputs) refs.push(`${t.history!.layer.name}[${t.history!.nodeIndex}][${t.history!.tensorIndex}]`);
  }
  return refs.length ? refs.join(', ') : '-';
}

/** Keras' test for a functional model that prints like a stack: one single-input node per depth, no shared layers. */
function isSequentialLike(graph: FunctionalGraph): boolean {
  if (graph.nodesByDepth.some((nodes) => nodes.length > 1 || (nodes.length === 1 && nodes[0]!.inputs.length > 1))) return false;
  const own = new Set(graph.nodes);
  return graph.layers.every((layer) => layer.inboundNodes.filter((n) => own.has(n)).length <= 1);
}

/** Parameter count and bytes of distinct weights. */
function weightStats(weights: readonly Variable[]): { count: number; bytes: number } {
  const unique = [...new Set(weights)];
  return { count: unique.reduce((n, v) => n + v.size, 0), bytes: unique.reduce((n, v) => n + v.size * bytesPerElement(v.dtype), 0) };
}

/** Bytes the way Keras prints them: `484.00 B`, `1.95 KB`, `3.20 MB`. */
export function readableMemorySize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  for (const unit of units) {
    if (size / 1024 < 1) return `${size.toFixed(2)} ${unit}`;
    size /= 1024;
  }
  return `${size.toFixed(2)} ${units[units.length - 1]}`;
}

/**
 * Prints the summary of `model`. `graph` is its functional graph, when it has one
 * (Sequential models print as a stack; subclassed models list their tracked layers).
 */
export function printSummary(model: SummaryTarget, graph: FunctionalGraph | undefined, options: SummaryOptions = {}): void {
  const printFn = options.printFn ?? ((line: string) => console.log(line));
  const sequentialLike = model.className === 'Sequential' || !graph || isSequentialLike(graph);
  const layers = model.className === 'Sequential' || !graph ? model.layers : graph.layers;
  const header = ['Layer (type)', 'Output Shape', 'Param #'];
  const alignment: Alignment[] = ['left', 'left', 'right'];
  if (!sequentialLike) {
    header.push('Connected to');
    alignment.push('left');
  }
  const positions = options.positions ?? (sequentialLike ? [0.45, 0.8, 1] : [0.3, 0.56, 0.74, 1]);
  const lineLength = options.lineLength ?? defaultLineLength(sequentialLike ? 88 : 108);
  const own = new Set(graph?.nodes ?? []);
  const rows = layers.map((layer) => {
    const params = layer.built ? layer.countParams().toLocaleString('en-US') : '0 (unbuilt)';
    const row = [`${layer.name} (${layer.className})`, outputShape(layer), params];
    if (!sequentialLike) row.push(connections(layer, own));
    return row;
  });
  const trainable = weightStats(model.trainableWeights);
  const nonTrainable = weightStats(model.nonTrainableWeights);
  const total = (label: string, stats: { count: number; bytes: number }): string =>
    ` ${label}: ${stats.count.toLocaleString('en-US')} (${readableMemorySize(stats.bytes)})`;
  const lines = [
    `Model: "${model.name}"`,
    ...renderTable(header, rows, alignment, positions, lineLength),
    total('Total params', { count: trainable.count + nonTrainable.count, bytes: trainable.bytes + nonTrainable.bytes }),
    total('Trainable params', trainable),
    total('Non-trainable params', nonTrainable),
  ];
  for (const line of lines) printFn(line);
}
