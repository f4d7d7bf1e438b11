import { separateHeadsAttention } from "../model/attention.js";
import { geluFromErf } from "../model/mlp.js";
import { conv3x3Im2col } from "../model/conv-as-matmul.js";
import type { ParameterValue } from "../model/parameters.js";
import type { TensorOps } from "../model/tensor-ops.js";
import { ElemType, type GraphBuilder } from "./graph-builder.js";

/**
 * Emits the decoder's op set as ONNX nodes. Values are ONNX value names; ranks are tracked so
 * transposes can be emitted for `matMul(…, transposeB)`. Parameters become initializers on first use.
 */
export class OnnxOps implements TensorOps<string> {
  private readonly ranks = new Map<string, number>();
  private readonly constants = new Map<string, string>();
  private readonly computed = new Map<string, string>();

  constructor(
    readonly graph: GraphBuilder,
    private readonly parameters: ReadonlyMap<string, ParameterValue>,
  ) {}

  /** Register the rank of a graph input (or any value created outside these ops). */
  declare(name: string, rank: number): string {
    this.ranks.set(name, rank);
    return name;
  }

  rankOf(name: string): number {
    const r = this.ranks.get(name);
    if (r === undefined) throw new Error(`rank of ${name} unknown`);
    return r;
  }

  /** Emit a node with a single output of the given rank. */
  node(opType: string, inputs: readonly string[], rank: number, attributes: Parameters<GraphBuilder["addNode"]>[2] = {}): string {
    const [out] = this.graph.addNode(opType, inputs, attributes);
    return this.declare(out!, rank);
  }

  int64(values: readonly number[]): string {
    const key = `i64:${values.join(",")}`;
    let name = this.constants.get(key);
    if (!name) {
      name = this.graph.addInitializer(this.graph.uniqueName("const_i64"), BigInt64Array.from(values.map(BigInt)), [values.length]);
      this.constants.set(key, name);
      this.declare(name, 1);
    }
    return name;
  }

  /** Make `weight(name)` return a value computed in the graph instead of an initializer. */
  defineComputedWeight(name: string, value: string): void {
    this.computed.set(name, value);
  }

  weight(name: string): string {
    const computed = this.computed.get(name);
    if (computed) return computed;
    const value = this.parameters.get(name);
    if (!value) throw new Error(`unknown parameter ${name}`);
    if (!this.graph.hasInitializer(name)) this.graph.addInitializer(name, value.data, value.shape);
    return this.declare(name, value.shape.length);
  }
  constant(values: Float32Array | readonly number[], shape: readonly number[]): string {
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    const key = `f32:${shape.join("x")}:${Array.from(data).join(",")}`;
    let name = this.constants.get(key);
    if (!name) {
      name = this.graph.addInitializer(this.graph.uniqueName("const"), data, shape);
      this.constants.set(key, name);
    }
    return this.declare(name, shape.length);
  }
  private binary(op: string, a: string, b: string): string {
    return this.node(op, [a, b], Math.max(this.rankOf(a), this.rankOf(b)));
  }
  add(a: string, b: string): string {
    return this.binary("Add", a, b);
  }
  sub(a: string, b: string): string {
    return this.binary("Sub", a, b);
  }
  mul(a: string, b: string): string {
    return this.binary("Mul", a, b);
  }
  div(a: string, b: string): string {
    return this.binary("Div", a, b);
  }
  matMul(a: string, b: string, transposeB = false): string {
    let right = b;
    if (transposeB) {
      const rank = this.rankOf(b);
      const perm = [...Array(rank).keys()];
      [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
      right = this.transpose(b, perm);
    }
    return this.binary("MatMul", a, right);
  }
  private unary(op: string, x: string): string {
    return this.node(op, [x], this.rankOf(x));
  }
  sin(x: string): string {
    return this.unary("Sin", x);
  }
  cos(x: string): string {
    return this.unary("Cos", x);
  }
  erf(x: string): string {
    return this.unary("Erf", x);
  }
  relu(x: string): string {
    return this.unary("Relu", x);
  }
  gelu(x: string): string {
    return geluFromErf(this, x);
  }
  softmax(x: string): string {
    return this.node("Softmax", [x], this.rankOf(x), { axis: { int: -1 } });
  }
  layerNorm(x: string, gamma: string, beta: string, epsilon: number): string {
    return this.node("LayerNormalization", [x, gamma, beta], this.rankOf(x), { axis: { int: -1 }, epsilon: { float: epsilon } });
  }
  concat(xs: readonly string[], axis: number): string {
    return this.node("Concat", xs, this.rankOf(xs[0]!), { axis: { int: axis } });
  }
  reshape(x: string, shape: readonly number[]): string {
    return this.node("Reshape", [x, this.int64(shape)], shape.length);
  }
  transpose(x: string, perm: readonly number[]): string {
    return this.node("Transpose", [x], perm.length, { perm: { ints: perm } });
  }
  slice(x: string, axis: number, start: number, end: number): string {
    return this.node("Slice", [x, this.int64([start]), this.int64([end]), this.int64([axis])], this.rankOf(x));
  }
  pad(x: string, paddings: readonly (readonly [number, number])[]): string {
    const pads = [...paddings.map((p) => p[0]), ...paddings.map((p) => p[1])];
    return this.node("Pad", [x, this.int64(pads)], this.rankOf(x), { mode: { string: "constant" } });
  }
  equalTo(x: string, value: number): string {
    const equal = this.node("Equal", [x, this.constant([value], [])], this.rankOf(x));
    return this.node("Cast", [equal], this.rankOf(x), { to: { int: ElemType.FLOAT } });
  }
  multiHeadAttention(q: string, k: string, v: string, numHeads: number, channels: number): string {
    return separateHeadsAttention(this, q, k, v, numHeads, channels);
  }
  /**
   * An ONNX Conv (NCHW; the OIHW kernel is folded from the model-layout weight at session creation):
   * as fast as sam.onnx for the adapted decoder in onnxruntime, where im2col costs ~30% more.
   */
  conv3x3(x: string, weight: string, height: number, width: number): string {
    const value = this.parameters.get(weight);
    if (!value) return conv3x3Im2col(this, x, weight, height, width); // a computed kernel: no static shape
    const [rows, cout] = value.shape as [number, number];
    const kernel = this.transpose(this.reshape(weight, [3, 3, rows / 9, cout]), [3, 2, 0, 1]);
    const nchw = this.transpose(x, [0, 3, 1, 2]);
    const conv = this.node("Conv", [nchw, kernel], 4, { kernel_shape: { ints: [3, 3] }, pads: { ints: [1, 1, 1, 1] } });
    return this.transpose(conv, [0, 2, 3, 1]);
  }
  broadcastBatchLike(x: string, like: string): string {
    const batch = this.node("Slice", [this.node("Shape", [like], 1), this.int64([0]), this.int64([1]), this.int64([0])], 1);
    const ones = this.int64(Array.from({ length: this.rankOf(x) - 1 }, () => 1));
    return this.node("Expand", [x, this.node("Concat", [batch, ones], 1, { axis: { int: 0 } })], this.rankOf(x));
  }
}
