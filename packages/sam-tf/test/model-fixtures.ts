import * as tf from "@tensorflow/tfjs";
import * as ort from "onnxruntime-node";
import { seededRandom } from "../src/model/parameters.js";

/** A fixed pseudo-random image embedding (seeded), `[1, 256, 64, 64]`. */
export function randomEmbedding(seed: number, amplitude = 0.5): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: 256 * 64 * 64 }, () => (2 * random() - 1) * amplitude);
}

export function randomMaskLogits(seed: number): Float32Array {
  const random = seededRandom(seed);
  // smooth blob-ish logits: a disc plus noise, like a previous prediction
  return Float32Array.from({ length: 256 * 256 }, (_, i) => {
    const y = Math.floor(i / 256) - 110;
    const x = (i % 256) - 140;
    return (Math.sqrt(x * x + y * y) < 50 ? 8 : -8) + (2 * random() - 1) * 2;
  });
}

export interface PromptCase {
  readonly name: string;
  readonly coords: readonly (readonly [number, number])[];
  readonly labels: readonly number[];
}

/** Prompts as the SAM ONNX interface takes them (padding point (0,0)/−1 when no box). */
export const PROMPT_CASES: readonly PromptCase[] = [
  { name: "1 click", coords: [[520, 380], [0, 0]], labels: [1, -1] },
  { name: "3 clicks (+,+,−)", coords: [[520, 380], [610, 450], [300, 700], [0, 0]], labels: [1, 1, 0, -1] },
  { name: "box", coords: [[400, 300], [700, 620]], labels: [2, 3] },
];

export interface OrtOutputs {
  readonly lowRes: Float32Array;
  readonly iou: Float32Array;
  readonly masks: ort.Tensor;
}

export async function runOrt(
  session: ort.InferenceSession,
  embedding: Float32Array,
  prompt: PromptCase,
  mask: Float32Array | null,
  origImSize: readonly [number, number] = [600, 800],
): Promise<OrtOutputs> {
  const n = prompt.labels.length;
  const r = await session.run({
    image_embeddings: new ort.Tensor("float32", embedding, [1, 256, 64, 64]),
    point_coords: new ort.Tensor("float32", Float32Array.from(prompt.coords.flat()), [1, n, 2]),
    point_labels: new ort.Tensor("float32", Float32Array.from(prompt.labels), [1, n]),
    mask_input: new ort.Tensor("float32", mask ?? new Float32Array(256 * 256), [1, 1, 256, 256]),
    has_mask_input: new ort.Tensor("float32", Float32Array.from([mask ? 1 : 0]), [1]),
    orig_im_size: new ort.Tensor("float32", Float32Array.from(origImSize), [2]),
  });
  return { lowRes: r.low_res_masks!.data as Float32Array, iou: r.iou_predictions!.data as Float32Array, masks: r.masks! };
}

export function tfPromptInputs(embedding: Float32Array, prompt: PromptCase, mask: Float32Array | null) {
  return {
    imageEmbeddings: tf.tensor4d(embedding, [1, 256, 64, 64]),
    pointCoords: tf.tensor3d([prompt.coords.map((c) => [...c])]),
    pointLabels: tf.tensor2d([[...prompt.labels]]),
    ...(mask ? { maskInput: tf.tensor4d(mask, [1, 1, 256, 256]) } : {}),
  };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, offsetB = 0, length = a.length): number {
  let max = 0;
  for (let i = 0; i < length; i++) max = Math.max(max, Math.abs(a[i]! - b[offsetB + i]!));
  return max;
}
