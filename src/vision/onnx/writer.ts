/**
 * Minimal ONNX ModelProto encoder.
 *
 * Writes just enough of the ONNX protobuf schema (onnx/onnx.proto, proto2) to
 * describe an inference graph: nodes with scalar/list attributes, initializers
 * (float32 / int64 / int32 tensors stored as little-endian `raw_data`), and
 * graph inputs/outputs whose dimensions may be symbolic (e.g. a dynamic batch).
 *
 * The protobuf wire format is hand-encoded: varints for integers, fixed32 for
 * floats, length-delimited records for strings, bytes and sub-messages. Nested
 * messages keep their payload as a list of chunks, so large initializers are
 * copied exactly once, when `toBytes()` concatenates the final buffer.
 *
 * Usage:
 *   const g = new GraphBuilder('net');
 *   g.addInput('x', 'float32', ['N', 3, 224, 224]);
 *   g.addInitializer('w', [8, 3, 3, 3], weights);
 *   g.addNode('Conv', ['x', 'w'], ['y'], { pads: [1, 1, 1, 1] });
 *   g.addOutput('y', 'float32', ['N', 8, 224, 224]);
 *   const bytes = g.toBytes();   // feed to onnxruntime InferenceSession.create
 */

import { concatBytes, encodeVarint } from './protobuf.js';

// ---------------------------------------------------------------------------
// Protobuf wire-format primitives
// ---------------------------------------------------------------------------

const WIRE_VARINT = 0;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

const textEncoder = new TextEncoder();

/** A protobuf message under construction: an ordered list of byte chunks. */
class ProtoMessage {
  private readonly chunks: Uint8Array[] = [];
  /** Total number of bytes in `chunks`. */
  length = 0;

  private push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** Unsigned or signed integer as a varint (negatives use 10-byte two's complement, as protobuf int64). */
  private rawVarint(value: number | bigint): void {
    this.push(encodeVarint(value));
  }

  private tag(field: number, wire: number): void {
    this.rawVarint((field << 3) | wire);
  }

  /** int32 / int64 / enum / bool field. */
  varint(field: number, value: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    this.rawVarint(value);
    return this;
  }

  /** float field (fixed32, little-endian). */
  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.push(b);
    return this;
  }

  /** bytes field. The array is referenced, not copied, until `toBytes()`. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LEN);
    this.rawVarint(value.length);
    this.push(value);
    return this;
  }

  /** string field (UTF-8). */
  string(field: number, value: string): this {
    return this.bytes(field, textEncoder.encode(value));
  }

  /** Embedded message field. */
  message(field: number, msg: ProtoMessage): this {
    this.tag(field, WIRE_LEN);
    this.rawVarint(msg.length);
    for (const c of msg.chunks) this.push(c);
    return this;
  }

  /** Append the fields of another message of the same type (no copy). */
  append(msg: ProtoMessage): this {
    for (const c of msg.chunks) this.push(c);
    return this;
  }

  /** Concatenate all chunks into one buffer. */
  toBytes(): Uint8Array {
    return concatBytes(this.chunks);
  }
}

// ---------------------------------------------------------------------------
// ONNX schema constants (field numbers from onnx.proto)
// ---------------------------------------------------------------------------

/** TensorProto.DataType values used here. */
export const DataType = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
} as const;
export type ElemType = keyof typeof DataType;

/** AttributeProto.AttributeType values. */
const AttrType = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;

/**
 * Node attribute value. Plain JS numbers become INT when integral and FLOAT
 * otherwise; use `{ float: x }` to force FLOAT for integral values (e.g. 1.0),
 * and `{ floats: [...] }` for float lists. Arrays of integers become INTS.
 */
export type AttrValue = number | bigint | string | number[] | { float: number } | { floats: number[] };

/** A graph dimension: a fixed size or a symbolic name such as 'N'. */
export type Dim = number | string;

function encodeAttribute(name: string, value: AttrValue): ProtoMessage {
  // AttributeProto: name=1, f=2, i=3, s=4, floats=7, ints=8, type=20
  const a = new ProtoMessage().string(1, name);
  if (typeof value === 'string') {
    a.string(4, value).varint(20, AttrType.STRING);
  } else if (typeof value === 'bigint') {
    a.varint(3, value).varint(20, AttrType.INT);
  } else if (typeof value === 'number') {
    if (Number.isInteger(value)) a.varint(3, value).varint(20, AttrType.INT);
    else a.float(2, value).varint(20, AttrType.FLOAT);
  } else if (Array.isArray(value)) {
    for (const v of value) {
      if (!Number.isInteger(v)) throw new Error(`attribute ${name}: integer list expected, got ${v}`);
      a.varint(8, v);
    }
    a.varint(20, AttrType.INTS);
  } else if ('float' in value) {
    a.float(2, value.float).varint(20, AttrType.FLOAT);
  } else {
    for (const v of value.floats) a.float(7, v);
    a.varint(20, AttrType.FLOATS);
  }
  return a;
}

function encodeValueInfo(name: string, elem: ElemType, dims: Dim[]): ProtoMessage {
  // TensorShapeProto.Dimension: dim_value=1, dim_param=2
  const shape = new ProtoMessage();
  for (const d of dims) {
    const dim = new ProtoMessage();
    if (typeof d === 'number') dim.varint(1, d);
    else dim.string(2, d);
    shape.message(1, dim);
  }
  // TypeProto.Tensor: elem_type=1, shape=2 ; TypeProto: tensor_type=1 ; ValueInfoProto: name=1, type=2
  const tensorType = new ProtoMessage().varint(1, DataType[elem]).message(2, shape);
  const type = new ProtoMessage().message(1, tensorType);
  return new ProtoMessage().string(1, name).message(2, type);
}

function littleEndianBytes(data: Float32Array | Int32Array | BigInt64Array): Uint8Array {
  // All platforms Node supports in practice are little-endian; check once to be safe.
  if (!IS_LITTLE_ENDIAN) {
    const out = new Uint8Array(data.byteLength);
    const dv = new DataView(out.buffer);
    const step = data.BYTES_PER_ELEMENT;
    for (let i = 0; i < data.length; i++) {
      if (data instanceof Float32Array) dv.setFloat32(i * step, data[i], true);
      else if (data instanceof Int32Array) dv.setInt32(i * step, data[i], true);
      else dv.setBigInt64(i * step, data[i], true);
    }
    return out;
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// ---------------------------------------------------------------------------
// Public builder
// ---------------------------------------------------------------------------

export interface ModelOptions {
  /** ONNX IR version (default 8). */
  irVersion?: number;
  /** Default-domain opset (default 13). */
  opset?: number;
  producerName?: string;
  producerVersion?: string;
  docString?: string;
}

/** Accumulates an ONNX graph and serialises it as a ModelProto. */
export class GraphBuilder {
  // Nodes (field 1) and initializers (field 5), in insertion order.
  private readonly body = new ProtoMessage();
  private readonly names = new Set<string>();
  private nodeCount = 0;
  // Graph inputs/outputs, written after the body by toBytes().
  private readonly inputs: ProtoMessage[] = [];
  private readonly outputs: ProtoMessage[] = [];

  constructor(readonly name = 'graph') {}

  /** Declare a graph input. */
  addInput(name: string, elem: ElemType, dims: Dim[]): this {
    this.inputs.push(encodeValueInfo(name, elem, dims));
    return this;
  }

  /** Declare a graph output. */
  addOutput(name: string, elem: ElemType, dims: Dim[]): this {
    this.outputs.push(encodeValueInfo(name, elem, dims));
    return this;
  }

  /**
   * Add a constant tensor (TensorProto with little-endian raw_data). Returns its
   * name. The array is referenced until toBytes(): do not modify it meanwhile.
   */
  addInitializer(name: string, dims: number[], data: Float32Array | Int32Array | BigInt64Array): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (count !== data.length) throw new Error(`initializer ${name}: dims ${dims} hold ${count} values, got ${data.length}`);
    if (this.names.has(name)) throw new Error(`duplicate initializer ${name}`);
    this.names.add(name);
    const elem = data instanceof Float32Array ? DataType.float32 : data instanceof Int32Array ? DataType.int32 : DataType.int64;
    // TensorProto: dims=1, data_type=2, name=8, raw_data=9
    const t = new ProtoMessage();
    for (const d of dims) t.varint(1, d);
    t.varint(2, elem).string(8, name).bytes(9, littleEndianBytes(data));
    this.body.message(5, t);
    return name;
  }

  /** Convenience: an int64 initializer (shapes, pads, axes). */
  addInt64Initializer(name: string, values: number[]): string {
    return this.addInitializer(name, [values.length], BigInt64Array.from(values.map((v) => BigInt(v))));
  }

  /**
   * Add a node. `inputs` may contain '' for an omitted optional input.
   * Returns the first output name for chaining.
   */
  addNode(opType: string, inputs: string[], outputs: string[], attrs: Record<string, AttrValue> = {}, name?: string): string {
    // NodeProto: input=1, output=2, name=3, op_type=4, attribute=5
    const n = new ProtoMessage();
    for (const i of inputs) n.string(1, i);
    for (const o of outputs) n.string(2, o);
    n.string(3, name ?? `${opType}_${this.nodeCount}`);
    n.string(4, opType);
    for (const [k, v] of Object.entries(attrs)) n.message(5, encodeAttribute(k, v));
    this.body.message(1, n);
    this.nodeCount++;
    return outputs[0];
  }

  /** Serialise the whole ModelProto. */
  toBytes(opts: ModelOptions = {}): Uint8Array {
    // GraphProto: node=1, name=2, initializer=5, input=11, output=12.
    // Nodes and initializers were already written into `this.body`; the
    // remaining fields are appended (protobuf field order is free).
    const graph = new ProtoMessage().append(this.body).string(2, this.name);
    for (const i of this.inputs) graph.message(11, i);
    for (const o of this.outputs) graph.message(12, o);

    // OperatorSetIdProto: domain=1, version=2 (empty domain = ai.onnx)
    const opset = new ProtoMessage().string(1, '').varint(2, opts.opset ?? 13);

    // ModelProto: ir_version=1, producer_name=2, producer_version=3, doc_string=6, graph=7, opset_import=8
    const model = new ProtoMessage().varint(1, opts.irVersion ?? 8);
    model.string(2, opts.producerName ?? 'onnx-writer');
    if (opts.producerVersion) model.string(3, opts.producerVersion);
    if (opts.docString) model.string(6, opts.docString);
    model.message(7, graph).message(8, opset);
    return model.toBytes();
  }
}
