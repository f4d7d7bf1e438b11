import { applyAdapter, type TokenGrid } from "./adapter.js";
import { attention, type ProjectedKeys } from "./attention.js";
import { linear } from "./mlp.js";
import { layerNorm } from "./layer-norm-2d.js";
import { mlpBlock } from "./mlp.js";
import type { TensorOps } from "./tensor-ops.js";

const PREFIX = "mask_decoder.transformer";
const DEPTH = 2;
const EMBEDDING_DIM = 256;
const DOWNSAMPLED_DIM = 128; // attention_downsample_rate = 2 for the cross attentions

/** Adapter rank, or null for the plain SAM transformer. */
export interface TransformerOptions<T = unknown> {
  readonly adapterRank: number | null;
  readonly grid: TokenGrid;
  /** Layer 0's token→image keys/values, computed once per image (`imageKeyProjections`). */
  readonly layer0Keys?: ProjectedKeys<T>;
}

/**
 * The first layer's token→image attention projects the image tokens (+ positional encoding) to keys
 * and values before any prompt token touches them: the same for every prompt on an image.
 */
export function imageKeyProjections<T>(ops: TensorOps<T>, imageTokens: T, imagePe: T): ProjectedKeys<T> {
  const prefix = `${PREFIX}.layers.0.cross_attn_token_to_image`;
  return { k: linear(ops, ops.add(imageTokens, imagePe), `${prefix}.k_proj`), v: linear(ops, imageTokens, `${prefix}.v_proj`) };
}

/** SAM's TwoWayAttentionBlock (transformer.py), with SAMCA adapters after its attention and MLP sub-blocks. */
function twoWayAttentionBlock<T>(
  ops: TensorOps<T>,
  layer: number,
  queries: T,
  keys: T,
  queryPe: T,
  keyPe: T,
  options: TransformerOptions<T>,
): { queries: T; keys: T } {
  const p = `${PREFIX}.layers.${layer}`;
  const adapt = (x: T, position: "attn" | "mlp", grid?: TokenGrid) =>
    options.adapterRank === null ? x : applyAdapter(ops, x, options.adapterRank, position, layer, grid);

  // self attention of the prompt tokens; the first layer skips the positional encoding and the residual
  if (layer === 0) {
    queries = attention(ops, queries, queries, queries, `${p}.self_attn`, EMBEDDING_DIM);
  } else {
    const q = ops.add(queries, queryPe);
    queries = ops.add(queries, attention(ops, q, q, queries, `${p}.self_attn`, EMBEDDING_DIM));
  }
  queries = layerNorm(ops, queries, `${p}.norm1`);

  // cross attention, tokens attending to image
  let q = ops.add(queries, queryPe);
  let k = ops.add(keys, keyPe);
  const projected = layer === 0 ? options.layer0Keys : undefined;
  queries = ops.add(queries, attention(ops, q, k, keys, `${p}.cross_attn_token_to_image`, DOWNSAMPLED_DIM, 8, projected));
  queries = adapt(layerNorm(ops, queries, `${p}.norm2`), "attn");

  // MLP on the tokens
  queries = ops.add(queries, mlpBlock(ops, queries, `${p}.mlp`));
  queries = adapt(layerNorm(ops, queries, `${p}.norm3`), "mlp");

  // cross attention, image attending to tokens
  q = ops.add(queries, queryPe);
  k = ops.add(keys, keyPe);
  keys = ops.add(keys, attention(ops, k, q, queries, `${p}.cross_attn_image_to_token`, DOWNSAMPLED_DIM));
  keys = adapt(layerNorm(ops, keys, `${p}.norm4`), "attn", options.grid);
  return { queries, keys };
}

/**
 * SAM's TwoWayTransformer: `imageTokens`/`imagePe` `[B, HW, 256]`, `pointEmbedding` `[B, N, 256]`
 * → updated prompt tokens and image tokens.
 */
export function twoWayTransformer<T>(
  ops: TensorOps<T>,
  imageTokens: T,
  imagePe: T,
  pointEmbedding: T,
  options: TransformerOptions<T>,
): { queries: T; keys: T } {
  let queries = pointEmbedding;
  let keys = imageTokens;
  for (let layer = 0; layer < DEPTH; layer++) {
    ({ queries, keys } = twoWayAttentionBlock(ops, layer, queries, keys, pointEmbedding, imagePe, options));
  }
  const q = ops.add(queries, pointEmbedding);
  const k = ops.add(keys, imagePe);
  queries = ops.add(queries, attention(ops, q, k, keys, `${PREFIX}.final_attn_token_to_image`, DOWNSAMPLED_DIM));
  queries = layerNorm(ops, queries, `${PREFIX}.norm_final_attn`);
  return { queries, keys };
}
