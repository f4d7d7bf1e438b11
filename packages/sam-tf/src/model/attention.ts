import { linear } from "./mlp.js";
import type { TensorOps } from "./tensor-ops.js";

/** Keys and values already through `k_proj` / `v_proj` (image-side work shared by several prompts). */
export interface ProjectedKeys<T> {
  readonly k: T;
  readonly v: T;
}

/** SAM's `Attention` (transformer.py): projections, 8 heads, scaled dot product, output projection. */
export function attention<T>(ops: TensorOps<T>, q: T, k: T, v: T, prefix: string, internalDim: number, numHeads = 8, projected?: ProjectedKeys<T>): T {
  const heads = ops.multiHeadAttention(
    linear(ops, q, `${prefix}.q_proj`),
    projected?.k ?? linear(ops, k, `${prefix}.k_proj`),
    projected?.v ?? linear(ops, v, `${prefix}.v_proj`),
    numHeads,
    internalDim,
  );
  return linear(ops, heads, `${prefix}.out_proj`);
}

/** The textbook form: separate heads `[B, heads, N, C/heads]`, batched products, recombine. */
export function separateHeadsAttention<T>(ops: TensorOps<T>, q: T, k: T, v: T, numHeads: number, channels: number): T {
  const separateHeads = (x: T) => ops.transpose(ops.reshape(x, [0, 0, numHeads, channels / numHeads]), [0, 2, 1, 3]);
  const scale = ops.constant([Math.sqrt(channels / numHeads)], []);
  const weights = ops.softmax(ops.div(ops.matMul(separateHeads(q), separateHeads(k), true), scale));
  const heads = ops.matMul(weights, separateHeads(v)); // [B, heads, Nq, C/heads]
  return ops.reshape(ops.transpose(heads, [0, 2, 1, 3]), [0, 0, channels]);
}
