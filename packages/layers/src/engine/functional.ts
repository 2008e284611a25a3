/**
 * The functional graph: the nodes between a model's inputs and outputs, ordered
 * as Keras orders them (by depth, then traversal order), and running it.
 */
import { InputLayer } from './input-layer.js';
import { formatSymbolicShape, type KerasTensor, type SymbolicShape } from './keras-tensor.js';
import type { Layer } from './layer.js';
import type { Node } from './node.js';

/** The graph of a functional model (Keras' `Functional` internals). */
export class FunctionalGraph {
  /** The model's symbolic inputs (outputs of InputLayers). */
  readonly inputs: readonly KerasTensor[];
  /** The model's symbolic outputs. */
  readonly outputs: readonly KerasTensor[];
  /** The layers, deepest first (inputs first), ties in traversal order: Keras' `model.layers`. */
  readonly layers: readonly Layer[];
  /** The nodes in execution order (decreasing depth). */
  readonly nodes: readonly Node[];
  /** The nodes grouped by depth, deepest group first (Keras' `_nodes_by_depth`, used by `summary`). */
  readonly nodesByDepth: readonly (readonly Node[])[];

  /** Traces the graph from `outputs` back to `inputs`; `modelName` names the model in errors. */
  constructor(inputs: readonly KerasTensor[], outputs: readonly KerasTensor[], modelName: string) {
    this.inputs = inputs;
    this.outputs = outputs;
    inputs.forEach((t, i) => {
      const h = t.history;
      if (!h || !(h.layer instanceof InputLayer)) {
        throw new TypeError(`Model '${modelName}': input ${i} must be a KerasTensor returned by Input(), received ${String(t)}.`);
      }
    });
    const { ordered, layerIndex } = traverse(inputs, outputs, modelName);
    const { nodeDepth, layerDepth } = depths(ordered);
    for (const t of inputs) {
      const layer = t.history!.layer;
      if (layerIndex.has(layer)) continue;
      // An input not connected to any output still belongs to the model (Keras keeps it at depth 0).
      layerIndex.set(layer, -1);
      layerDepth.set(layer, 0);
      nodeDepth.set(layer.inboundNodes[0]!, 0);
    }
    const keys = [...new Set(nodeDepth.values())].sort((a, b) => b - a);
    this.nodesByDepth = keys.map((d) => [...nodeDepth.entries()].filter(([, depth]) => depth === d).map(([node]) => node));
    this.nodes = this.nodesByDepth.flat();
    this.layers = keys.flatMap((d) =>
      [...layerDepth.entries()].filter(([, depth]) => depth === d).map(([layer]) => layer).sort((a, b) => layerIndex.get(a)! - layerIndex.get(b)!),
    );
    const names = new Map<string, number>();
    for (const layer of this.layers) names.set(layer.name, (names.get(layer.name) ?? 0) + 1);
    for (const [name, count] of names) {
      if (count > 1) throw new Error(`Model '${modelName}': the name "${name}" is used ${count} times in the model. All layer names should be unique.`);
    }
  }

  /**
   * Runs the graph: `step(node, inputs)` computes a node's outputs from its inputs'
   * values; returns the values of the model's outputs. Works for Tensors and KerasTensors.
   */
  run<T>(inputs: readonly T[], step: (node: Node, args: T[]) => readonly T[]): T[] {
    const values = new Map<KerasTensor, T>();
    this.inputs.forEach((t, i) => values.set(t, inputs[i]!));
    for (const node of this.nodes) {
      if (node.isInput) continue;
      const outputs = step(node, node.inputs.map((t) => values.get(t)!));
      node.outputs.forEach((t, i) => values.set(t, outputs[i]!));
    }
    return this.outputs.map((t) => values.get(t)!);
  }
}

/** Depth-first traversal from the outputs (Keras' `_build_map`): nodes parents-first, and each layer's discovery index. */
function traverse(inputs: readonly KerasTensor[], outputs: readonly KerasTensor[], modelName: string): { ordered: Node[]; layerIndex: Map<Layer, number> } {
  const finished = new Set<Node>();
  const inProgress = new Set<Node>();
  const ordered: Node[] = [];
  const layerIndex = new Map<Layer, number>();
  const visit = (t: KerasTensor): void => {
    const h = t.history;
    if (!h) throw new TypeError(`Model '${modelName}': output ${String(t)} was not produced by a layer call.`);
    const node = h.layer.inboundNodes[h.nodeIndex]!;
    if (finished.has(node)) return;
    if (inProgress.has(node)) throw new Error(`Model '${modelName}': the graph has a cycle through layer '${h.layer.name}'.`);
    if (node.isInput && !inputs.includes(t)) {
      throw new Error(
        `Model '${modelName}': graph disconnected: cannot obtain value for tensor ${String(t)} at layer "${h.layer.name}". ` +
          'It comes from an Input() that is not among the model inputs; add it to `inputs`.',
      );
    }
    if (!layerIndex.has(h.layer)) layerIndex.set(h.layer, layerIndex.size);
    inProgress.add(node);
    if (!node.isInput && !inputs.includes(t)) node.inputs.forEach(visit);
    finished.add(node);
    inProgress.delete(node);
    ordered.push(node);
  };
  outputs.forEach(visit);
  return { ordered, layerIndex };
}

/** Node and layer depths (Keras' rules): outputs at 0, every parent deeper than its children. */
function depths(ordered: readonly Node[]): { nodeDepth: Map<Node, number>; layerDepth: Map<Layer, number> } {
  const nodeDepth = new Map<Node, number>();
  const layerDepth = new Map<Layer, number>();
  for (const node of [...ordered].reverse()) {
    const depth = Math.max(nodeDepth.get(node) ?? 0, layerDepth.get(node.layer) ?? 0);
    layerDepth.set(node.layer, depth);
    nodeDepth.set(node, depth);
    for (const parent of node.parentNodes) nodeDepth.set(parent, Math.max(depth + 1, nodeDepth.get(parent) ?? 0));
  }
  return { nodeDepth, layerDepth };
}

/**
 * Checks a concrete input against the model's symbolic input: same rank, and equal
 * sizes wherever the symbolic shape is known (Keras' input compatibility error).
 */
export function checkModelInput(expected: KerasTensor, shape: SymbolicShape, index: number, modelName: string): void {
  const ok = shape.length === expected.rank && expected.shape.every((d, i) => d === null || shape[i] === null || d === shape[i]);
  if (!ok) {
    throw new RangeError(
      `Input ${index} of model "${modelName}" is incompatible with the model: expected shape=${formatSymbolicShape(expected.shape)}, ` +
        `found shape=${formatSymbolicShape(shape)}.`,
    );
  }
}
