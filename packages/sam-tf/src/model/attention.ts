import { linear } from "./mlp.js";
import type { TensorOps } from "./tensor-ops.js";

/** SAM's `Attention` (transformer.py): projections, 8 heads, scaled dot product, output projection. */
export function attention<T>(ops: TensorOps<T>, q: T, k: T, v: T, prefix: string, internalDim: number, numHeads = 8): T {
  const separateHeads = (x: T) => ops.transpose(ops.reshape(x, [0, 0, numHeads, internalDim / numHeads]), [0, 2, 1, 3]);
  const qh = separateHeads(linear(ops, q, `${prefix}.q_proj`));
  const kh = separateHeads(linear(ops, k, `${prefix}.k_proj`));
  const vh = separateHeads(linear(ops, v, `${prefix}.v_proj`));
  const scale = ops.constant([Math.sqrt(internalDim / numHeads)], []);
  const weights = ops.softmax(ops.div(ops.matMul(qh, kh, true), scale));
  const heads = ops.matMul(weights, vh); // [B, heads, Nq, C/heads]
  const recombined = ops.reshape(ops.transpose(heads, [0, 2, 1, 3]), [0, 0, internalDim]);
  return linear(ops, recombined, `${prefix}.out_proj`);
}
