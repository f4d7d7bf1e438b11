import { decodeMask, type Click, type DecoderOutput, type DecoderPrompt } from "../decoder";
import type { ImageEmbedding } from "../encoder";
import type { BinaryMask } from "../mask/binary-mask";
import { logitsToMask } from "../postprocess";
import type { Size } from "../preprocess";
import type { SessionWithRuntime } from "../runtime";
import { autoClicks } from "./auto-prompt";
import { meanPoolEmbedding } from "./diversity";
import { EMBEDDING_DIMS_CHW } from "./grid";
import { uncertaintyParts, type UncertaintyOptions, type UncertaintyParts } from "./uncertainty";

/** A multimask decoder: an ONNX session with its runtime (`decodeMask`), or any function with its contract. */
export type MultimaskDecoder = SessionWithRuntime | ((embedding: ImageEmbedding, prompt: DecoderPrompt, size: Size) => Promise<DecoderOutput>);

export interface ScoreImageInput {
  /** The deployed decoder, multimask variant (3 candidates); a single-mask one scores 0 disagreement. */
  decoder: MultimaskDecoder;
  /** CHW 256×64×64 embedding of the image. */
  embedding: Float32Array;
  width: number;
  height: number;
  /** The project's prototype (`computePrototype`); null at cold start. */
  prototype: Float32Array | null;
  /** Negative auto clicks (a project setting, default 0). */
  negatives?: number;
  uncertainty?: UncertaintyOptions;
}

export interface PreAnnotation {
  /** The auto clicks the prediction was made from (positive first): the start of the prompt set. */
  clicks: Click[];
  /** Image-size binary mask of the chosen candidate. */
  mask: BinaryMask;
  /** Its 256² low-res logits: feed back as `maskInput` on the annotator's first correction. */
  lowRes: Float32Array;
  predictedIoU: number;
  /** Which multimask candidate was chosen (highest predicted IoU). */
  candidate: number;
}

export interface ImageScore {
  /** 256-d mean-pooled embedding (always; the diversity order needs it). */
  pooled: Float32Array;
  /** Null at cold start (no prototype). */
  parts: UncertaintyParts | null;
  autoClicks: Click[];
  /** Cosine similarity of the auto-click's cell to the prototype; null at cold start. */
  maxSimilarity: number | null;
  preAnnotation: PreAnnotation | null;
}

function decodeWith(decoder: MultimaskDecoder, embedding: ImageEmbedding, prompt: DecoderPrompt, size: Size): Promise<DecoderOutput> {
  return typeof decoder === "function" ? decoder(embedding, prompt, size) : decodeMask(decoder, embedding, prompt, size);
}

/**
 * Scores one unlabeled image (docs/method.md §5): auto-prompt from the prototype, one multimask decoder pass,
 * the chosen candidate as pre-annotation, the four uncertainty parts from the three outputs.
 * Combine parts across images with `rankAverage`.
 */
export async function scoreImage(input: ScoreImageInput): Promise<ImageScore> {
  const size = { width: input.width, height: input.height };
  const pooled = meanPoolEmbedding(input.embedding, size);
  if (!input.prototype) return { pooled, parts: null, autoClicks: [], maxSimilarity: null, preAnnotation: null };
  const auto = autoClicks({ embedding: input.embedding, prototype: input.prototype, ...size }, { negatives: input.negatives ?? 0 });
  const output = await decodeWith(input.decoder, { data: input.embedding, dims: EMBEDDING_DIMS_CHW }, { clicks: auto.clicks }, size);
  const best = output.best;
  return {
    pooled,
    parts: uncertaintyParts(output, size, input.uncertainty),
    autoClicks: auto.clicks,
    maxSimilarity: auto.maxSimilarity,
    preAnnotation: {
      clicks: auto.clicks,
      mask: logitsToMask(output.masks[best] as Float32Array, size),
      lowRes: output.lowRes[best] as Float32Array,
      predictedIoU: output.iou[best] as number,
      candidate: best,
    },
  };
}
