import onnxProto from "onnx-proto";

const { onnx } = onnxProto;

export const ElemType = { FLOAT: onnx.TensorProto.DataType.FLOAT, INT64: onnx.TensorProto.DataType.INT64 } as const;
export type ElemType = (typeof ElemType)[keyof typeof ElemType];

/** A node attribute, tagged by ONNX type. */
export type Attribute = { int: number } | { ints: readonly number[] } | { float: number } | { string: string };

export interface GraphBuilderOptions {
  readonly opset?: number;
  readonly producerName?: string;
}

/**
 * A small ONNX graph builder over `onnx-proto`. Names are generated from counters and everything is
 * kept in insertion order, so the same build produces the same bytes.
 */
export class GraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly initializerNames = new Set<string>();
  private readonly counters = new Map<string, number>();

  constructor(
    private readonly graphName: string,
    private readonly options: GraphBuilderOptions = {},
  ) {}

  /** A fresh value name `prefix_k`. */
  uniqueName(prefix: string): string {
    const k = this.counters.get(prefix) ?? 0;
    this.counters.set(prefix, k + 1);
    return `${prefix}_${k}`;
  }

  addInput(name: string, elemType: ElemType, dims: readonly (number | string)[]): string {
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  addOutput(name: string, elemType: ElemType, dims: readonly (number | string)[]): void {
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  hasInitializer(name: string): boolean {
    return this.initializerNames.has(name);
  }

  addInitializer(name: string, data: Float32Array | BigInt64Array, dims: readonly number[]): string {
    if (this.initializerNames.has(name)) throw new Error(`initializer ${name} added twice`);
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== data.length) throw new Error(`initializer ${name}: ${data.length} values for dims [${dims}]`);
    this.initializerNames.add(name);
    this.initializers.push({
      name,
      dims: [...dims],
      dataType: data instanceof Float32Array ? ElemType.FLOAT : ElemType.INT64,
      rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)),
    });
    return name;
  }

  /** Append a node; returns its output names (generated unless given). */
  addNode(
    opType: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, Attribute>> = {},
    outputs: readonly string[] | number = 1,
  ): string[] {
    const name = this.uniqueName(`/${opType}`);
    const outs = typeof outputs === "number" ? Array.from({ length: outputs }, (_, i) => `${name}_output_${i}`) : [...outputs];
    this.nodes.push({
      name,
      opType,
      input: [...inputs],
      output: outs,
      attribute: Object.entries(attributes).map(([key, a]) => attribute(key, a)),
    });
    return outs;
  }

  /** Serialise (ir_version 8, default-domain opset `options.opset`, 17 unless given). */
  toBytes(): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: this.options.producerName ?? "clickloop-sam-tf",
      opsetImport: [{ domain: "", version: this.options.opset ?? 17 }],
      graph: {
        name: this.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(name: string, elemType: ElemType, dims: readonly (number | string)[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, a: Attribute): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if ("int" in a) return { name, type: T.INT, i: a.int };
  if ("ints" in a) return { name, type: T.INTS, ints: [...a.ints] };
  if ("float" in a) return { name, type: T.FLOAT, f: a.float };
  return { name, type: T.STRING, s: new TextEncoder().encode(a.string) };
}
