import { applyAdapter } from "./adapter.js";
import { convTranspose2x2Stride2 } from "./conv-as-matmul.js";
import { layerNorm2d } from "./layer-norm-2d.js";
import { gelu, mlp } from "./mlp.js";
import { DENSE_PE } from "./position-embedding-random.js";
import type { TensorOps } from "./tensor-ops.js";
import type { ProjectedKeys } from "./attention.js";
import { imageKeyProjections, twoWayTransformer } from "./two-way-transformer.js";

const P = "mask_decoder";
export const NUM_MASK_TOKENS = 4;
const GRID = { height: 64, width: 64 } as const;

export interface MaskDecoderOutput<T> {
  /** Low-resolution mask logits of all 4 mask tokens `[B, 4, 256, 256]` (token 0 = single-mask output). */
  readonly masks: T;
  /** Predicted IoU of each mask token `[B, 4]`. */
  readonly iouPredictions: T;
}

/** The prompt-independent image side of the decoder: the same for every prompt with the same dense input. */
export interface ImageContext<T> {
  /** Image tokens after the embedding adapter, plus the dense prompt: `[B, 4096, 256]`. */
  readonly src: T;
  readonly layer0Keys: ProjectedKeys<T>;
}

const toTokens = <T>(ops: TensorOps<T>, x: T) => ops.reshape(x, [-1, GRID.height * GRID.width, 256]);

/** `src` and layer 0's key/value projections for an image embedding (NHWC) and dense prompt. */
export function imageContext<T>(ops: TensorOps<T>, imageEmbedding: T, dense: T, adapterRank: number | null): ImageContext<T> {
  let image = imageEmbedding;
  if (adapterRank !== null) {
    const adapted = applyAdapter(ops, toTokens(ops, image), adapterRank, "embedding", 0, GRID);
    image = ops.reshape(adapted, [-1, GRID.height, GRID.width, 256]);
  }
  const src = toTokens(ops, ops.add(image, dense));
  return { src, layer0Keys: imageKeyProjections(ops, src, ops.weight(DENSE_PE)) };
}

/**
 * MaskDecoder.predict_masks. `imageEmbedding` NHWC `[B, 64, 64, 256]`, `sparse` `[B, N, 256]`,
 * `dense` NHWC broadcastable to the embedding. `adapterRank` null = plain SAM.
 */
export function predictMasks<T>(
  ops: TensorOps<T>,
  imageEmbedding: T,
  sparse: T,
  dense: T,
  adapterRank: number | null,
  context?: ImageContext<T>,
): MaskDecoderOutput<T> {
  const tokens = ops.concat([ops.broadcastBatchLike(outputTokens(ops), sparse), sparse], 1);

  let src: T;
  if (context) {
    src = context.src;
  } else {
    let image = imageEmbedding;
    if (adapterRank !== null) {
      const adapted = applyAdapter(ops, toTokens(ops, image), adapterRank, "embedding", 0, GRID);
      image = ops.reshape(adapted, [-1, GRID.height, GRID.width, 256]);
    }
    src = toTokens(ops, ops.add(image, dense));
  }

  const { queries, keys } = twoWayTransformer(ops, src, ops.weight(DENSE_PE), tokens, { adapterRank, grid: GRID, layer0Keys: context?.layer0Keys });
  return upscaleAndPredict(ops, queries, keys);
}

/** The IoU token followed by the 4 mask tokens, `[1, 5, 256]`. */
export function outputTokens<T>(ops: TensorOps<T>): T {
  return ops.reshape(ops.concat([ops.weight(`${P}.iou_token.weight`), ops.weight(`${P}.mask_tokens.weight`)], 0), [1, 1 + NUM_MASK_TOKENS, 256]);
}

/**
 * The heads after the transformer: `queries` `[B, ≥5, 256]` (IoU token, then the mask tokens),
 * `keys` the image tokens `[B, 4096, 256]` → upscaled embedding · hypernetwork outputs, IoU head.
 */
export function upscaleAndPredict<T>(ops: TensorOps<T>, queries: T, keys: T): MaskDecoderOutput<T> {
  const iouTokenOut = ops.reshape(ops.slice(queries, 1, 0, 1), [0, 256]);

  // output_upscaling: ConvT(256→64) → LayerNorm2d → GELU → ConvT(64→32) → GELU, NHWC
  const map = ops.reshape(keys, [-1, GRID.height, GRID.width, 256]);
  let up = convTranspose2x2Stride2(ops, map, `${P}.output_upscaling.0`, 64, 64, 64);
  up = gelu(ops, layerNorm2d(ops, up, `${P}.output_upscaling.1`));
  up = gelu(ops, convTranspose2x2Stride2(ops, up, `${P}.output_upscaling.3`, 128, 128, 32));

  const hyperIn: T[] = [];
  for (let i = 0; i < NUM_MASK_TOKENS; i++) {
    const token = ops.slice(queries, 1, 1 + i, 2 + i); // [B, 1, 256]
    hyperIn.push(mlp(ops, token, `${P}.output_hypernetworks_mlps.${i}`, 3));
  }
  const pixels = ops.reshape(up, [-1, 256 * 256, 32]);
  // pixels·hyperᵀ then a transpose of the small [65536, 4] result: cheaper than transposing the pixels
  const perPixel = ops.matMul(pixels, ops.concat(hyperIn, 1), true); // [B, 65536, 4]
  const masks = ops.reshape(ops.transpose(perPixel, [0, 2, 1]), [-1, NUM_MASK_TOKENS, 256, 256]);
  const iouPredictions = mlp(ops, iouTokenOut, `${P}.iou_prediction_head`, 3);
  return { masks, iouPredictions };
}
