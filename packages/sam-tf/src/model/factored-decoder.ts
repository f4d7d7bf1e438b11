import { applyAdapter } from "./adapter.js";
import { attention } from "./attention.js";
import { imageAttendsTokens, tokensAttendImage } from "./factored-attention.js";
import { layerNorm, layerNorm2d } from "./layer-norm-2d.js";
import { gelu, linear, mlp, mlpBlock } from "./mlp.js";
import { NUM_MASK_TOKENS, outputTokens, type MaskDecoderOutput } from "./mask-decoder.js";
import { DENSE_PE } from "./position-embedding-random.js";
import { downscaleMaskFeatures } from "./prompt-encoder.js";
import type { TensorOps } from "./tensor-ops.js";

/*
 * The decoder split into a per-image part and a per-click part, computing exactly what
 * `predictMasks` computes (same parameters, adapters included), with less arithmetic per click:
 *
 * - per image (`prepareImageSide`): the image tokens after the embedding adapter E', and the three
 *   projections of layer 0 that read the image tokens — they are linear in E' + dense prompt, and the
 *   dense prompt is no_mask_embed or a 1x1 convolution of a 16-channel map, so
 *   (E' + D + PE)·W = [(E' + PE)·W]  +  x16·(W6·W) + d0·W   (rank 16 per click);
 * - per click (`decodeFactored`): layer 0 from those, layer 1 and the final attention in the
 *   (head × prompt-token) basis (factored-attention.ts), only the 5 output tokens in the final
 *   attention (the others are discarded), then SAM's upscaling and heads.
 */

const T = "mask_decoder.transformer";
const GRID = { height: 64, width: 64 } as const;
const TOKENS = GRID.height * GRID.width;
const DOWNSAMPLED = 128;

export interface ImageSide<T> {
  /** E' `[1, 4096, 256]`: the image embedding as tokens, after the embedding adapter. */
  readonly tokens: T;
  /** Layer 0 token→image k_proj((E' + PE)) `[1, 4096, 128]`. */
  readonly keys0: T;
  /** Layer 0 token→image v_proj(E'). */
  readonly values0: T;
  /** Layer 0 image→token q_proj(E' + PE). */
  readonly queries0: T;
}

/** The prompt-independent part, once per image. `imageEmbedding` NHWC `[1, 64, 64, 256]`. */
export function prepareImageSide<T>(ops: TensorOps<T>, imageEmbedding: T, adapterRank: number | null): ImageSide<T> {
  let tokens = ops.reshape(imageEmbedding, [1, TOKENS, 256]);
  if (adapterRank !== null) tokens = applyAdapter(ops, tokens, adapterRank, "embedding", 0, GRID);
  const withPe = ops.add(tokens, ops.weight(DENSE_PE));
  return {
    tokens,
    keys0: linear(ops, withPe, `${T}.layers.0.cross_attn_token_to_image.k_proj`),
    values0: linear(ops, tokens, `${T}.layers.0.cross_attn_token_to_image.v_proj`),
    queries0: linear(ops, withPe, `${T}.layers.0.cross_attn_image_to_token.q_proj`),
  };
}

/** The dense prompt as x16·W6 + d0: `features` `[1, 4096, 16]` (0 without a mask), `offset` `[256]`. */
export interface DensePrompt<T> {
  readonly features: T;
  readonly offset: T;
}

/**
 * SamOnnxModel._embed_masks in factored form: has·(x16·W6 + b6) + (1 − has)·no_mask_embed.
 * `mask` NHWC `[1, 256, 256, 1]`, `hasMask` `[1]`.
 */
export function densePrompt<T>(ops: TensorOps<T>, mask: T, hasMask: T): DensePrompt<T> {
  const one = ops.constant([1], []);
  const features = ops.mul(ops.reshape(downscaleMaskFeatures(ops, mask), [1, TOKENS, 16]), hasMask);
  const noMask = ops.reshape(ops.weight("prompt_encoder.no_mask_embed.weight"), [256]);
  const offset = ops.add(ops.mul(hasMask, ops.weight("prompt_encoder.mask_downscaling.6.bias")), ops.mul(ops.sub(one, hasMask), noMask));
  return { features, offset };
}

/** (x16·W6 + d0)·W + b added to a precomputed image-side projection: the per-click rank-16 correction. */
function addDense<T>(ops: TensorOps<T>, imageSide: T, dense: DensePrompt<T>, prefix: string): T {
  const w = ops.weight(`${prefix}.weight`);
  const lowRank = ops.matMul(dense.features, ops.matMul(ops.weight("prompt_encoder.mask_downscaling.6.weight"), w));
  return ops.add(ops.add(imageSide, lowRank), ops.matMul(ops.reshape(dense.offset, [1, 256]), w));
}

/**
 * MaskDecoder.predict_masks from the per-image side and the prompt: `sparse` `[1, N, 256]`.
 * Same outputs as `predictMasks` (all 4 mask tokens).
 */
export function decodeFactored<T>(ops: TensorOps<T>, image: ImageSide<T>, sparse: T, dense: DensePrompt<T>, adapterRank: number | null): MaskDecoderOutput<T> {
  const tokens = ops.concat([outputTokens(ops), sparse], 1);
  const pe = ops.weight(DENSE_PE);
  const adapt = (x: T, position: "attn" | "mlp", layer: number, grid?: typeof GRID) =>
    adapterRank === null ? x : applyAdapter(ops, x, adapterRank, position, layer, grid);
  // the image tokens of layer 0 (residual of its image→token attention): E' + x16·W6 + d0
  let keys = ops.add(ops.add(image.tokens, ops.matMul(dense.features, ops.weight("prompt_encoder.mask_downscaling.6.weight"))), dense.offset);
  let queries = tokens;
  for (let layer = 0; layer < 2; layer++) {
    const p = `${T}.layers.${layer}`;
    if (layer === 0) {
      queries = attention(ops, queries, queries, queries, `${p}.self_attn`, 256);
    } else {
      const q = ops.add(queries, tokens);
      queries = ops.add(queries, attention(ops, q, q, queries, `${p}.self_attn`, 256));
    }
    queries = layerNorm(ops, queries, `${p}.norm1`);

    // keys + PE: read by both cross attentions of layer 1 (layer 0's are precomputed)
    const keysWithPe: T | null = layer === 0 ? null : ops.add(keys, pe);
    const t2i = `${p}.cross_attn_token_to_image`;
    const q = linear(ops, ops.add(queries, tokens), `${t2i}.q_proj`);
    const heads = keysWithPe
      ? tokensAttendImage(ops, q, keysWithPe, keys, t2i, DOWNSAMPLED)
      : ops.multiHeadAttention(q, addDense(ops, image.keys0, dense, `${t2i}.k_proj`), addDense(ops, image.values0, dense, `${t2i}.v_proj`), 8, DOWNSAMPLED);
    queries = ops.add(queries, linear(ops, heads, `${t2i}.out_proj`));
    queries = adapt(layerNorm(ops, queries, `${p}.norm2`), "attn", layer);

    queries = ops.add(queries, mlpBlock(ops, queries, `${p}.mlp`));
    queries = adapt(layerNorm(ops, queries, `${p}.norm3`), "mlp", layer);

    const i2t = `${p}.cross_attn_image_to_token`;
    const tokenKeys = linear(ops, ops.add(queries, tokens), `${i2t}.k_proj`);
    const tokenValues = linear(ops, queries, `${i2t}.v_proj`);
    const imageQueries: { unprojected: T } | { projected: T } = keysWithPe
      ? { unprojected: keysWithPe }
      : { projected: addDense(ops, image.queries0, dense, `${i2t}.q_proj`) };
    keys = ops.add(keys, imageAttendsTokens(ops, imageQueries, tokenKeys, tokenValues, i2t, DOWNSAMPLED));
    keys = adapt(layerNorm(ops, keys, `${p}.norm4`), "attn", layer, GRID);
  }

  // final token→image attention, for the IoU token and the mask tokens only (the prompt tokens' outputs are unused)
  const outputs = 1 + NUM_MASK_TOKENS;
  const head = ops.slice(queries, 1, 0, outputs);
  const fin = `${T}.final_attn_token_to_image`;
  const q = linear(ops, ops.add(head, ops.slice(tokens, 1, 0, outputs)), `${fin}.q_proj`);
  const attended = linear(ops, tokensAttendImage(ops, q, ops.add(keys, pe), keys, fin, DOWNSAMPLED), `${fin}.out_proj`);
  const finalQueries = layerNorm(ops, ops.add(head, attended), `${T}.norm_final_attn`);
  return upscaleInSubpixels(ops, finalQueries, keys);
}

const D = "mask_decoder";

/**
 * `upscaleAndPredict` with the depth-to-space rearrangements moved to the end: both transposed
 * convolutions (kernel 2, stride 2) keep their 2x2 sub-pixels as an axis, the hypernetwork product
 * runs per sub-pixel, and only the 4 small mask planes are rearranged (one transpose of 4·256²
 * values instead of two of 1M and 2M). Same values.
 */
function upscaleInSubpixels<T>(ops: TensorOps<T>, queries: T, keys: T): MaskDecoderOutput<T> {
  // ConvT(256→64): [1, 4096, (ky1, kx1, 64)] → per sub-pixel [1, 4096, 4, 64]
  let up = ops.reshape(ops.matMul(keys, ops.weight(`${D}.output_upscaling.0.weight`)), [1, TOKENS, 4, 64]);
  up = gelu(ops, layerNorm2d(ops, ops.add(up, ops.weight(`${D}.output_upscaling.0.bias`)), `${D}.output_upscaling.1`));
  // ConvT(64→32) per sub-pixel: [1, 4096, 4, (ky2, kx2, 32)] → [1, 4096·4·4, 32]
  const projected = ops.reshape(ops.matMul(up, ops.weight(`${D}.output_upscaling.3.weight`)), [1, TOKENS, 4, 4, 32]);
  const pixels = ops.reshape(gelu(ops, ops.add(projected, ops.weight(`${D}.output_upscaling.3.bias`))), [1, TOKENS * 16, 32]);
  const hyperIn: T[] = [];
  for (let i = 0; i < NUM_MASK_TOKENS; i++) hyperIn.push(mlp(ops, ops.slice(queries, 1, 1 + i, 2 + i), `${D}.output_hypernetworks_mlps.${i}`, 3));
  const perPixel = ops.matMul(pixels, ops.concat(hyperIn, 1), true); // [1, 4096·16, 4]
  // (i, j, ky1, kx1, ky2, kx2, mask) → (mask, i, ky1, ky2, j, kx1, kx2): row 4i + 2ky1 + ky2, column 4j + 2kx1 + kx2
  const grid = ops.reshape(perPixel, [GRID.height, GRID.width, 2, 2, 2, 2, NUM_MASK_TOKENS]);
  const masks = ops.reshape(ops.transpose(grid, [6, 0, 2, 4, 1, 3, 5]), [1, NUM_MASK_TOKENS, 256, 256]);
  const iouPredictions = mlp(ops, ops.reshape(ops.slice(queries, 1, 0, 1), [0, 256]), `${D}.iou_prediction_head`, 3);
  return { masks, iouPredictions };
}
