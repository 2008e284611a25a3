/**
 * Node: one call of a layer on symbolic tensors, the edge of the functional graph
 * (Keras' `Node`): which tensors went in, which came out.
 */
import type { KerasTensor } from './keras-tensor.js';
import type { Layer } from './layer.js';

/** A recorded layer call: `outputs = layer(inputs)`. */
export class Node {
  /** The layer that was called. */
  readonly layer: Layer;
  /** The symbolic inputs, in order. */
  readonly inputs: readonly KerasTensor[];
  /** The symbolic outputs, in order. */
  readonly outputs: readonly KerasTensor[];
  /** Whether the layer received its inputs as a list (merge layers), rather than one tensor. */
  readonly listInput: boolean;

  /** Records the call on the layer and stamps the outputs with their history. */
  constructor(layer: Layer, inputs: readonly KerasTensor[], outputs: readonly KerasTensor[], listInput: boolean) {
    this.layer = layer;
    this.inputs = inputs;
    this.outputs = outputs;
    this.listInput = listInput;
    const nodeIndex = layer.inboundNodes.length;
    layer.inboundNodes.push(this);
    outputs.forEach((t, tensorIndex) => {
      t.history = { layer, nodeIndex, tensorIndex };
    });
  }

  /** Whether this node is an input (an InputLayer's node, with no inputs). */
  get isInput(): boolean {
    return this.inputs.length === 0;
  }

  /** The nodes that produced this node's inputs. */
  get parentNodes(): Node[] {
    const parents: Node[] = [];
    for (const t of this.inputs) {
      if (!t.history) continue;
      const node = t.history.layer.inboundNodes[t.history.nodeIndex];
      if (node && !parents.includes(node)) parents.push(node);
    }
    return parents;
  }
}
