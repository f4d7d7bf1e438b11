import { z } from "zod";
import { boxToModelFrame, toModelFrame } from "./coords";
import type { ImageEmbedding } from "./encoder";
import { LOW_RES_SIZE, upscaleLowResLogits } from "./postprocess";
import type { Size } from "./preprocess";
import { float32Output, type SessionWithRuntime, type Tensor } from "./runtime";

export const clickSchema = z.object({
  x: z.number(),
  y: z.number(),
  /** 1 = positive (foreground), 0 = negative (background). */
  label: z.union([z.literal(0), z.literal(1)]),
});
export type Click = z.infer<typeof clickSchema>;

/** `[x0, y0, x1, y1]` in original image pixels. */
export type Box = readonly [number, number, number, number];

export interface DecoderPrompt {
  /** Clicks in original image pixels. */
  clicks: readonly Click[];
  box?: Box;
  /** Previous low-res logits (256², one candidate) fed back as the mask prompt. */
  maskInput?: Float32Array;
}

export interface DecoderOutput {
  /** Size of the full-size masks (= the original image size). */
  size: Size;
  /** Full-size mask logits, one per candidate mask. */
  masks: Float32Array[];
  /** 256² low-res logits, one per candidate (feed the chosen one back as `maskInput`). */
  lowRes: Float32Array[];
  /** Predicted IoU per candidate. */
  iou: number[];
  /** Index of the candidate with the highest predicted IoU. */
  best: number;
}

export interface EncodedPrompt {
  coords: Float32Array;
  labels: Float32Array;
  count: number;
}

/**
 * Point/label arrays of SAM's ONNX interface: clicks (label 1/0) and the box corners (labels 2/3)
 * in the 1024 frame; without a box a padding point (0, 0) with label −1 is appended, as SAM's
 * predictor does.
 */
export function encodePrompt(prompt: Pick<DecoderPrompt, "clicks" | "box">, original: Size): EncodedPrompt {
  const count = prompt.clicks.length + (prompt.box ? 2 : 1);
  const coords = new Float32Array(count * 2);
  const labels = new Float32Array(count);
  prompt.clicks.forEach((click, i) => {
    const p = toModelFrame(click, original);
    coords[i * 2] = p.x;
    coords[i * 2 + 1] = p.y;
    labels[i] = click.label;
  });
  const n = prompt.clicks.length;
  if (prompt.box) {
    const [x0, y0, x1, y1] = boxToModelFrame(prompt.box, original);
    coords.set([x0, y0, x1, y1], n * 2);
    labels[n] = 2;
    labels[n + 1] = 3;
  } else {
    labels[n] = -1;
  }
  return { coords, labels, count };
}

/**
 * Runs a SAM ONNX decoder (`sam.onnx` or an exported fine-tuned variant). Handles both the
 * single-mask export (`masks [1,1,H,W]`, `iou_predictions [1,1]`) and multimask exports
 * (`[1,3,H,W]`, `[1,3]`): every candidate is returned and `best` points at the highest IoU.
 * `extraFeeds` passes additional inputs a fine-tuned export may declare.
 */
export async function decodeMask(
  { session, Tensor }: SessionWithRuntime,
  embedding: ImageEmbedding,
  prompt: DecoderPrompt,
  original: Size,
  extraFeeds: Record<string, Tensor> = {},
): Promise<DecoderOutput> {
  const { coords, labels, count } = encodePrompt(prompt, original);
  const lowResPlane = LOW_RES_SIZE * LOW_RES_SIZE;
  if (prompt.maskInput && prompt.maskInput.length !== lowResPlane) {
    throw new Error(`maskInput has ${prompt.maskInput.length} values, expected ${lowResPlane}`);
  }
  const feeds: Record<string, Tensor> = {
    image_embeddings: new Tensor("float32", embedding.data, embedding.dims),
    point_coords: new Tensor("float32", coords, [1, count, 2]),
    point_labels: new Tensor("float32", labels, [1, count]),
    mask_input: new Tensor("float32", prompt.maskInput ?? new Float32Array(lowResPlane), [1, 1, LOW_RES_SIZE, LOW_RES_SIZE]),
    has_mask_input: new Tensor("float32", new Float32Array([prompt.maskInput ? 1 : 0]), [1]),
    orig_im_size: new Tensor("float32", new Float32Array([original.height, original.width]), [2]),
    ...extraFeeds,
  };
  const outputs = await session.run(feeds);
  return splitCandidates(
    float32Output(outputs, "masks"),
    float32Output(outputs, "iou_predictions"),
    float32Output(outputs, "low_res_masks"),
    original,
  );
}

type Output = { data: Float32Array; dims: readonly number[] };

function splitCandidates(masks: Output, iouOut: Output, lowRes: Output, original: Size): DecoderOutput {
  const candidates = masks.dims[1] ?? 1;
  const maskH = masks.dims[2] as number;
  const maskW = masks.dims[3] as number;
  const maskPlane = maskH * maskW;
  const lowPlane = LOW_RES_SIZE * LOW_RES_SIZE;
  const atOriginalSize = maskH === original.height && maskW === original.width;
  const result: DecoderOutput = { size: original, masks: [], lowRes: [], iou: [], best: 0 };
  for (let c = 0; c < candidates; c++) {
    const low = lowRes.data.slice(c * lowPlane, (c + 1) * lowPlane);
    result.lowRes.push(low);
    // An export whose `masks` output is not at the original size gets SAM's upscaling here.
    result.masks.push(atOriginalSize ? masks.data.slice(c * maskPlane, (c + 1) * maskPlane) : upscaleLowResLogits(low, original));
    result.iou.push(iouOut.data[c] as number);
  }
  result.best = result.iou.reduce((best, v, i, all) => (v > (all[best] as number) ? i : best), 0);
  return result;
}

/** The per-image tensors of a factored decoder (`image-side.onnx`'s outputs, its decoder's inputs). */
export type ImageSideTensors = Readonly<Record<string, Tensor>>;

/** Runs a factored decoder's image side once per image (see sam-tf's export-factored-decoder.ts). */
export async function computeImageSide({ session, Tensor }: SessionWithRuntime, embedding: ImageEmbedding): Promise<ImageSideTensors> {
  return session.run({ image_embeddings: new Tensor("float32", embedding.data, embedding.dims) });
}

/** sam.onnx's single-mask rule: argmax(iou + (numPoints − 2.5)·[1000, 0, 0, 0]); numPoints counts the padding point. */
export function singleMaskIndex(iou: ArrayLike<number>, numPoints: number): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let i = 0; i < iou.length; i++) {
    const score = (iou[i] as number) + (i === 0 ? (numPoints - 2.5) * 1000 : 0);
    if (score > bestScore) [best, bestScore] = [i, score];
  }
  return best;
}

export interface FactoredDecodeOptions {
  /** SAM's 3 candidates (mask tokens 1..3) instead of the single-mask rule. */
  multimask?: boolean;
  /** Skip the upscaling to the image size (`masks` stays empty): callers that upscale themselves. */
  lowResOnly?: boolean;
}

/**
 * A click on a factored decoder: the prompt with the image side of `computeImageSide` → all 4 mask
 * tokens' low-res logits, from which sam.onnx's choice (or the 3 multimask candidates) is taken and
 * upscaled in JavaScript (`upscaleLowResLogits`), as sam.onnx's in-graph postprocessing does.
 */
export async function decodeFactoredMask(
  { session, Tensor }: SessionWithRuntime,
  imageSide: ImageSideTensors,
  prompt: DecoderPrompt,
  original: Size,
  options: FactoredDecodeOptions = {},
): Promise<DecoderOutput> {
  const { coords, labels, count } = encodePrompt(prompt, original);
  const plane = LOW_RES_SIZE * LOW_RES_SIZE;
  if (prompt.maskInput && prompt.maskInput.length !== plane) throw new Error(`maskInput has ${prompt.maskInput.length} values, expected ${plane}`);
  const outputs = await session.run({
    ...imageSide,
    point_coords: new Tensor("float32", coords, [1, count, 2]),
    point_labels: new Tensor("float32", labels, [1, count]),
    mask_input: new Tensor("float32", prompt.maskInput ?? new Float32Array(plane), [1, 1, LOW_RES_SIZE, LOW_RES_SIZE]),
    has_mask_input: new Tensor("float32", new Float32Array([prompt.maskInput ? 1 : 0]), [1]),
  });
  const lowRes = float32Output(outputs, "low_res_masks").data;
  const iou = float32Output(outputs, "iou_predictions").data;
  const tokens = options.multimask ? [1, 2, 3] : [singleMaskIndex(iou, count)];
  const result: DecoderOutput = { size: original, masks: [], lowRes: [], iou: [], best: 0 };
  for (const t of tokens) {
    const low = lowRes.slice(t * plane, (t + 1) * plane);
    result.lowRes.push(low);
    if (!options.lowResOnly) result.masks.push(upscaleLowResLogits(low, original));
    result.iou.push(iou[t] as number);
  }
  result.best = result.iou.reduce((best, v, i, all) => (v > (all[best] as number) ? i : best), 0);
  return result;
}

