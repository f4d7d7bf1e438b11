import { conv1x1, conv2x2Stride2 } from "./conv-as-matmul.js";
import { layerNorm2d } from "./layer-norm-2d.js";
import { gelu } from "./mlp.js";
import { peEncoding } from "./position-embedding-random.js";
import type { TensorOps } from "./tensor-ops.js";

const P = "prompt_encoder";
/** SAM's input frame: point coordinates are pixels of the 1024x1024 padded image. */
export const IMAGE_SIZE = 1024;
export const NUM_POINT_EMBEDDINGS = 4;

/**
 * SamOnnxModel._embed_points: coordinates `[B, N, 2]` (1024 frame), labels `[B, N]` →
 * sparse prompt tokens `[B, N, 256]`. Labels: 1 positive, 0 negative, 2/3 box corners, −1 padding
 * (→ not_a_point_embed, positional encoding dropped).
 */
export function embedPoints<T>(ops: TensorOps<T>, coords: T, labels: T): T {
  const shifted = ops.div(ops.add(coords, ops.constant([0.5], [])), ops.constant([IMAGE_SIZE], []));
  const pe = peEncoding(ops, shifted);
  const label = ops.reshape(labels, [0, 0, 1]);
  const isPadding = ops.equalTo(label, -1);
  const one = ops.constant([1], []);
  let embedding = ops.add(
    ops.mul(pe, ops.sub(one, isPadding)),
    ops.mul(ops.weight(`${P}.not_a_point_embed.weight`), isPadding),
  );
  for (let i = 0; i < NUM_POINT_EMBEDDINGS; i++) {
    embedding = ops.add(embedding, ops.mul(ops.weight(`${P}.point_embeddings.${i}.weight`), ops.equalTo(label, i)));
  }
  return embedding;
}

/**
 * Dynamic fusion (SAMCA eqs. 2–3): initial-click tokens × λ, guided-click tokens × μ; padding tokens
 * are left unscaled. `isInitial` `[B, N]` is 1 for the initial group; λ, μ are scalars.
 */
export function fusePromptGroups<T>(ops: TensorOps<T>, sparse: T, labels: T, isInitial: T, lambda: T, mu: T): T {
  const one = ops.constant([1], []);
  const isPadding = ops.equalTo(labels, -1);
  const groupScale = ops.add(ops.mul(isInitial, lambda), ops.mul(ops.sub(one, isInitial), mu));
  const scale = ops.add(isPadding, ops.mul(ops.sub(one, isPadding), groupScale));
  return ops.mul(sparse, ops.reshape(scale, [0, 0, 1]));
}

/** PromptEncoder.mask_downscaling up to its last layer: mask logits NHWC `[B, 256, 256, 1]` → `[B, 64, 64, 16]`. */
export function downscaleMaskFeatures<T>(ops: TensorOps<T>, mask: T): T {
  const d = `${P}.mask_downscaling`;
  let x = conv2x2Stride2(ops, mask, `${d}.0`, 256, 256, 1);
  x = gelu(ops, layerNorm2d(ops, x, `${d}.1`));
  x = conv2x2Stride2(ops, x, `${d}.3`, 128, 128, 4);
  return gelu(ops, layerNorm2d(ops, x, `${d}.4`));
}

/** PromptEncoder.mask_downscaling: mask logits NHWC `[B, 256, 256, 1]` → dense embedding `[B, 64, 64, 256]`. */
export function downscaleMask<T>(ops: TensorOps<T>, mask: T): T {
  // the last layer is a 1x1 conv: the dense prompt is linear in these 16 channels (factored-decoder.ts)
  return conv1x1(ops, downscaleMaskFeatures(ops, mask), `${P}.mask_downscaling.6`);
}

/**
 * SamOnnxModel._embed_masks: has_mask_input · downscale(mask) + (1 − has_mask_input) · no_mask_embed.
 * `hasMask` broadcasts (a `[1]` tensor as in sam.onnx).
 */
export function embedMask<T>(ops: TensorOps<T>, mask: T, hasMask: T): T {
  const one = ops.constant([1], []);
  const noMask = ops.reshape(ops.weight(`${P}.no_mask_embed.weight`), [1, 1, 1, 256]);
  return ops.add(ops.mul(hasMask, downscaleMask(ops, mask)), ops.mul(ops.sub(one, hasMask), noMask));
}

/** The dense embedding when no mask is given (skips the downscaling path). */
export function noMaskEmbedding<T>(ops: TensorOps<T>): T {
  return ops.reshape(ops.weight(`${P}.no_mask_embed.weight`), [1, 1, 1, 256]);
}
