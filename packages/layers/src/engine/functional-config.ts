/**
 * Functional model configs in Keras 3's JSON: layers with their `inbound_nodes`
 * (`__keras_tensor__` references by `keras_history`), `input_layers`, `output_layers`;
 * and rebuilding a model from one (also reading Keras 2's nested-list node format).
 */
import { deserializeLayer, serializeLayer } from '../serialization/layers.js';
import { type JsonObject, type JsonValue, type KerasObjectConfig } from '../serialization/json.js';
import type { FunctionalGraph } from './functional.js';
import type { KerasTensor } from './keras-tensor.js';
import type { Layer } from './layer.js';
import { Model } from './model.js';
import type { Node } from './node.js';

/** A tensor reference: [layer name, node index, tensor index]. */
type TensorRef = [string, number, number];

/** Node indices as saved: only the layer's nodes that belong to the model count (Keras re-indexes). */
function savedNodeIndex(layer: Layer, nodeIndex: number, own: ReadonlySet<Node>): number {
  return layer.inboundNodes.slice(0, nodeIndex).filter((n) => own.has(n)).length;
}

/** The reference to a tensor inside the model. */
function tensorRef(t: KerasTensor, own: ReadonlySet<Node>): TensorRef {
  const h = t.history!;
  return [h.layer.name, savedNodeIndex(h.layer, h.nodeIndex, own), h.tensorIndex];
}

/** A node as Keras 3 writes it: `{ args: [tensor or [tensors]], kwargs: {} }`. */
function serializeNode(node: Node, own: ReadonlySet<Node>): JsonObject {
  const tensor = (t: KerasTensor): JsonObject => ({
    class_name: '__keras_tensor__',
    config: { shape: [...t.shape], dtype: t.dtype, keras_history: tensorRef(t, own) },
  });
  const args: JsonValue[] = node.listInput ? [node.inputs.map(tensor)] : node.inputs.map(tensor);
  const takesMask = (node.layer.constructor as typeof Layer).callTakesMask;
  return { args, kwargs: takesMask ? { mask: null } : {} };
}

/** Keras' `Functional.get_config()`: `{ name, trainable, layers, input_layers, output_layers }`. */
export function functionalConfig(model: Model, graph: FunctionalGraph): JsonObject {
  const own = new Set(graph.nodes);
  const layers = graph.layers.map((layer) => {
    const config: JsonObject = serializeLayer(layer);
    config['name'] = layer.name;
    config['inbound_nodes'] = layer.inboundNodes.filter((n) => own.has(n) && !n.isInput).map((n) => serializeNode(n, own));
    return config;
  });
  return {
    name: model.name,
    trainable: model.trainable,
    layers,
    input_layers: graph.inputs.map((t) => tensorRef(t, own)),
    output_layers: graph.outputs.map((t) => tensorRef(t, own)),
  };
}

/** The node inputs of a saved node: Keras 3 `{ args, kwargs }` or Keras 2 `[[name, node, tensor, kwargs], ...]`. */
function nodeInputs(data: JsonValue): { refs: TensorRef[]; isList: boolean } {
  if (Array.isArray(data)) {
    const refs = data.map((r) => (r as JsonValue[]).slice(0, 3) as TensorRef);
    return { refs, isList: refs.length > 1 };
  }
  const args = (data as JsonObject)['args'] as JsonValue[];
  const first = args[0];
  const isList = Array.isArray(first);
  const tensors = (isList ? first : args) as JsonValue[];
  const refs = tensors.map((t) => {
    const config = (t as JsonObject)['config'] as JsonObject;
    return config['keras_history'] as TensorRef;
  });
  return { refs, isList };
}

/** The name a saved layer is referenced by (its entry's `name`, else its config's). */
function layerName(data: JsonObject): string {
  return (data['name'] ?? (data['config'] as JsonObject)['name']) as string;
}

/** The tensor a reference points at, once its producing node exists. */
function resolve(ref: TensorRef, layers: ReadonlyMap<string, Layer>): KerasTensor | undefined {
  const [name, nodeIndex, tensorIndex] = ref;
  const layer = layers.get(name);
  if (!layer) throw new Error(`Functional config: unknown layer '${name}' referenced by a node.`);
  return layer.inboundNodes[nodeIndex]?.outputs[tensorIndex];
}

/**
 * Rebuilds a functional model from its config (Keras' `functional_from_config`):
 * creates every layer, then replays the saved calls in an order where each node's
 * inputs exist, and wires `input_layers` to `output_layers`.
 */
export function functionalFromConfig(config: JsonObject): Model {
  const layers = new Map<string, Layer>();
  const pending = new Map<Layer, JsonValue[]>();
  const layerConfigs = config['layers'] as JsonObject[];
  for (const data of layerConfigs) {
    const layer = deserializeLayer(data as KerasObjectConfig);
    layers.set(layerName(data), layer);
    pending.set(layer, [...((data['inbound_nodes'] as JsonValue[] | undefined) ?? [])]);
  }
  while ([...pending.values()].some((nodes) => nodes.length > 0)) {
    let progressed = false;
    for (const data of layerConfigs) {
      const layer = layers.get(layerName(data))!;
      const nodes = pending.get(layer)!;
      while (nodes.length > 0) {
        const { refs, isList } = nodeInputs(nodes[0]!);
        const inputs = refs.map((r) => resolve(r, layers));
        if (inputs.some((t) => t === undefined)) break;
        const args = inputs as KerasTensor[];
        layer.applyAll(isList ? args : args[0]!);
        nodes.shift();
        progressed = true;
      }
    }
    if (!progressed) throw new Error(`Functional config '${String(config['name'])}': some layer calls reference tensors that are never produced.`);
  }
  const tensors = (key: string): KerasTensor[] => {
    const value = config[key] as JsonValue[];
    const list = (value.length > 0 && !Array.isArray(value[0]) ? [value] : value) as TensorRef[];
    return list.map((ref) => {
      const t = resolve(ref, layers);
      if (!t) throw new Error(`Functional config: ${key} references ${JSON.stringify(ref)}, which does not exist.`);
      return t;
    });
  };
  return new Model({
    inputs: tensors('input_layers'),
    outputs: tensors('output_layers'),
    name: config['name'] as string,
    trainable: (config['trainable'] as boolean | undefined) ?? true,
  });
}
