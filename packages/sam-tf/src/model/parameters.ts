import type { NamedWeight, WeightMap } from "../weights/onnx-weights.js";
import { WeightConsumer, expectedSamWeightNames } from "../weights/onnx-weights.js";
import { adapterParameterShapes, initialAdapterValue } from "./adapter.js";
import { DENSE_PE, GAUSSIAN_MATRIX, denseImagePe } from "./position-embedding-random.js";

/** A parameter in model layout (Linear `[in, out]`, convs as matmul weights; see conv-as-matmul.ts). */
export interface ParameterValue {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Prompt-encoder parts that are trained (SAM³ prompt learning); the rest of the base model is frozen. */
export const TRAINABLE_PROMPT_ENCODER = /^prompt_encoder\.(point_embeddings\.\d|not_a_point_embed|no_mask_embed|mask_downscaling\.\d)\./;

function permute(w: NamedWeight, order: readonly number[]): ParameterValue {
  // generic N-d transpose: output axis a takes input axis order[a]
  const inShape = w.shape;
  const outShape = order.map((a) => inShape[a]!);
  const inStrides = inShape.map((_, i) => inShape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(w.data.length);
  const index = new Array<number>(outShape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let a = 0; a < order.length; a++) src += index[a]! * inStrides[order[a]!]!;
    out[o] = w.data[src]!;
    for (let a = outShape.length - 1; a >= 0; a--) {
      if (++index[a]! < outShape[a]!) break;
      index[a] = 0;
    }
  }
  return { shape: outShape, data: out };
}

function flatten2(v: ParameterValue, rows: number): ParameterValue {
  return { shape: [rows, v.data.length / rows], data: v.data };
}

/** Convert one official weight to the layout the model consumes. */
function toModelLayout(w: NamedWeight): ParameterValue {
  const n = w.name;
  if (/\.(conv|mask_downscaling\.[036]|output_upscaling\.[03])\.weight$/.test(n) && w.shape.length === 4) {
    const [a, b, kh, kw] = w.shape as [number, number, number, number];
    if (n.includes("output_upscaling")) return flatten2(permute(w, [0, 2, 3, 1]), a); // ConvT [Cin,Cout,ky,kx] → [Cin, (ky,kx,co)]
    return flatten2(permute(w, [2, 3, 1, 0]), kh * kw * b); // Conv [Cout,Cin,ky,kx] → [(ky,kx,ci), Cout]
  }
  if (n.endsWith(".weight") && w.shape.length === 2 && /(_proj|lin\d|layers\.\d)\.weight$/.test(n)) {
    return permute(w, [1, 0]); // Linear [out, in] → [in, out]
  }
  return { shape: w.shape, data: w.data };
}

/**
 * The base decoder's parameters in model layout, plus the derived dense positional encoding.
 * Fails loudly if a weight is missing or left unused.
 */
export function baseParameters(weights: WeightMap): Map<string, ParameterValue> {
  const consumer = new WeightConsumer(weights);
  const out = new Map<string, ParameterValue>();
  for (const name of expectedSamWeightNames()) out.set(name, toModelLayout(consumer.take(name)));
  consumer.assertAllUsed();
  const gaussian = out.get(GAUSSIAN_MATRIX);
  if (!gaussian) throw new Error(`${GAUSSIAN_MATRIX} missing`);
  out.set(DENSE_PE, { shape: [1, 64 * 64, 256], data: denseImagePe(gaussian.data) });
  return out;
}

/** Seeded uniform [0, 1) generator (mulberry32): adapter initialisation is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Initial trainable parameters: adapters (identity) + copies of the trainable prompt-encoder weights. */
export function initialTrainableParameters(
  base: ReadonlyMap<string, ParameterValue>,
  adapterRank: number | null,
  seed = 0,
): Map<string, ParameterValue> {
  const out = new Map<string, ParameterValue>();
  for (const [name, value] of base) if (TRAINABLE_PROMPT_ENCODER.test(name)) out.set(name, { shape: value.shape, data: value.data.slice() });
  if (adapterRank !== null) {
    const random = seededRandom(seed);
    for (const [name, shape] of adapterParameterShapes(adapterRank)) {
      out.set(name, { shape, data: initialAdapterValue(name, shape, random) });
    }
  }
  return out;
}
