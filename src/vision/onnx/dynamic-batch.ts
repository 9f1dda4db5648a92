import { decodeFields, encodeFields, fieldString, type ProtoField } from './protobuf.js';

// Field numbers from onnx.proto.
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1, GRAPH_INITIALIZER = 5, GRAPH_INPUT = 11, GRAPH_OUTPUT = 12;
const NODE_INPUT = 1, NODE_OP_TYPE = 4;
const TENSOR_DATA_TYPE = 2, TENSOR_NAME = 8, TENSOR_RAW_DATA = 9, TENSOR_INT64_DATA = 7;
const VALUE_INFO_TYPE = 2, TYPE_TENSOR = 1, TENSOR_TYPE_SHAPE = 2, SHAPE_DIM = 1, DIM_VALUE = 1, DIM_PARAM = 2;
const INT64 = 7;

/**
 * Makes a model exported with a fixed batch of 1 accept any batch size: the first dimension of every graph input
 * and output becomes the symbolic `batch`, and Reshape targets that pin the batch to 1 keep it instead (0 = copy).
 * Without this, faces from concurrent requests cannot share one ONNX run.
 */
export function makeBatchDynamic(model: Uint8Array): Uint8Array {
  const top = decodeFields(model);
  const graphIndex = top.findIndex((f) => f.field === MODEL_GRAPH && f.wire === 2);
  if (graphIndex < 0) throw new Error('not an ONNX model: no graph');
  const graph = decodeFields(bytesOf(top[graphIndex]));

  const reshapeTargets = new Set<string>();
  for (const f of graph) {
    if (f.field !== GRAPH_NODE) continue;
    const node = decodeFields(bytesOf(f));
    if (fieldString(node, NODE_OP_TYPE) === 'Reshape') {
      const inputs = node.filter((x) => x.field === NODE_INPUT).map((x) => Buffer.from(bytesOf(x)).toString('utf8'));
      if (inputs[1]) reshapeTargets.add(inputs[1]);
    }
  }

  const patched = graph.map((f): ProtoField => {
    if (f.field === GRAPH_INPUT || f.field === GRAPH_OUTPUT) return { ...f, wire: 2, bytes: symbolicBatch(bytesOf(f)) };
    if (f.field === GRAPH_INITIALIZER) {
      const tensor = decodeFields(bytesOf(f));
      const name = fieldString(tensor, TENSOR_NAME);
      if (name && reshapeTargets.has(name)) return { ...f, wire: 2, bytes: keepBatchInReshape(tensor) };
    }
    return f;
  });
  top[graphIndex] = { field: MODEL_GRAPH, wire: 2, bytes: encodeFields(patched) };
  return encodeFields(top);
}

function symbolicBatch(valueInfo: Uint8Array): Uint8Array {
  return rewritePath(valueInfo, [VALUE_INFO_TYPE, TYPE_TENSOR, TENSOR_TYPE_SHAPE], (shape) => {
    const dims = decodeFields(shape);
    const first = dims.findIndex((d) => d.field === SHAPE_DIM);
    if (first < 0) return shape;
    const dim = decodeFields(bytesOf(dims[first]));
    const value = dim.find((d) => d.field === DIM_VALUE);
    if (!value || value.wire !== 0 || value.value !== 1n) return shape;
    const param = new TextEncoder().encode('batch');
    dims[first] = { field: SHAPE_DIM, wire: 2, bytes: encodeFields([{ field: DIM_PARAM, wire: 2, bytes: param }]) };
    return encodeFields(dims);
  });
}

function keepBatchInReshape(tensor: ProtoField[]): Uint8Array {
  const type = tensor.find((f) => f.field === TENSOR_DATA_TYPE);
  if (!type || type.wire !== 0 || Number(type.value) !== INT64) return encodeFields(tensor);
  const out = tensor.map((f): ProtoField => {
    if (f.field === TENSOR_RAW_DATA && f.wire === 2 && f.bytes.length >= 8) {
      const copy = Uint8Array.from(f.bytes);
      const view = new DataView(copy.buffer);
      if (view.getBigInt64(0, true) === 1n) view.setBigInt64(0, 0n, true);
      return { field: f.field, wire: 2, bytes: copy };
    }
    return f;
  });
  const firstInt = out.findIndex((f) => f.field === TENSOR_INT64_DATA);
  if (firstInt >= 0) {
    const f = out[firstInt];
    if (f.wire === 0 && f.value === 1n) out[firstInt] = { field: TENSOR_INT64_DATA, wire: 0, value: 0n };
  }
  return encodeFields(out);
}

function rewritePath(msg: Uint8Array, path: number[], edit: (inner: Uint8Array) => Uint8Array): Uint8Array {
  if (path.length === 0) return edit(msg);
  const fields = decodeFields(msg);
  const i = fields.findIndex((f) => f.field === path[0] && f.wire === 2);
  if (i < 0) return msg;
  fields[i] = { field: path[0], wire: 2, bytes: rewritePath(bytesOf(fields[i]), path.slice(1), edit) };
  return encodeFields(fields);
}

function bytesOf(f: ProtoField): Uint8Array {
  if (f.wire === 0) throw new Error(`field ${f.field} is not length-delimited`);
  return f.bytes;
}
