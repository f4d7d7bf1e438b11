import type { TensorOps } from "./tensor-ops.js";

/*
 * SAM's attention between the 4,096 image tokens and the few prompt tokens, rewritten exactly so
 * that no per-click product runs over 4,096 × 256 × 128 (see ../onnx/README.md for the algebra and
 * the measured gain). `P` image tokens, `N` prompt tokens, `h` = 8 heads of `d` = C/8 channels:
 *
 * - tokens → image: q·k(p) = q·((x(p))·W_k + b_k) = x(p)·(W_k,h q_h) + const(p-free), and the
 *   softmax over p ignores the constant; Σ_p a(p) v(p) = (Σ_p a(p) x(p))·W_v,h + b_v,h since Σ a = 1.
 *   So the image side costs P × 256 × hN twice instead of two P × 256 × C projections.
 * - image → tokens: q(p)·k_n = x(p)·(W_q,h k_n,h) + b_q,h·k_n,h, and the output projection of a
 *   combination of the N value vectors is that combination of the N projected value vectors:
 *   P × hN × 256 instead of P × C × 256.
 * Both win while hN < C (N < 16 for the cross attentions: 5 output tokens + clicks + padding).
 */

const HEADS = 8;

/** `[1, N, C]` → `[1, h, N, d]`. */
function splitHeads<T>(ops: TensorOps<T>, x: T, channels: number): T {
  return ops.transpose(ops.reshape(x, [0, 0, HEADS, channels / HEADS]), [0, 2, 1, 3]);
}

/** W `[256, C]` → per head `[h, 256, d]`. */
function weightHeads<T>(ops: TensorOps<T>, w: T, channels: number): T {
  return ops.transpose(ops.reshape(w, [256, HEADS, channels / HEADS]), [1, 0, 2]);
}

/**
 * The image-side key of every (head, token) pair: `W_h·t_h` as columns `[1, 256, h·N]` (h-major),
 * plus `b_h·t_h` as `[1, 1, h·N]`.
 */
function imageSideQueries<T>(ops: TensorOps<T>, tokensProjected: T, w: T, b: T, channels: number): { columns: T; offsets: T } {
  const t = ops.transpose(splitHeads(ops, tokensProjected, channels), [0, 1, 3, 2]); // [1, h, d, N]
  const columns = ops.matMul(weightHeads(ops, w, channels), t); // [1, h, 256, N]
  const flat = ops.reshape(ops.transpose(columns, [0, 2, 1, 3]), [1, 256, -1]);
  const offsets = ops.reshape(ops.matMul(ops.reshape(b, [HEADS, 1, channels / HEADS]), t), [1, 1, -1]); // [1, 1, h·N]
  return { columns: flat, offsets };
}

/**
 * Prompt tokens attending to image tokens: `queries` `[1, N, C]` already projected (q_proj applied),
 * `imageKeys` = keys + PE `[1, P, 256]`, `imageValues` = keys `[1, P, 256]` (both unprojected).
 * Returns the heads recombined `[1, N, C]`, before out_proj — what `multiHeadAttention` returns.
 */
export function tokensAttendImage<T>(ops: TensorOps<T>, queries: T, imageKeys: T, imageValues: T, prefix: string, channels: number): T {
  const d = channels / HEADS;
  const { columns } = imageSideQueries(ops, queries, ops.weight(`${prefix}.k_proj.weight`), ops.weight(`${prefix}.k_proj.bias`), channels);
  // the k_proj bias adds one constant per (head, token) to every image token: softmax over p drops it
  const scores = ops.div(ops.transpose(ops.matMul(imageKeys, columns), [0, 2, 1]), ops.constant([Math.sqrt(d)], [])); // [1, h·N, P]
  const pooled = ops.matMul(ops.softmax(scores), imageValues); // [1, h·N, 256]: Σ_p a(p)·x(p)
  const perHead = ops.reshape(pooled, [HEADS, -1, 256]); // [h, N, 256]
  const values = ops.add(
    ops.matMul(perHead, weightHeads(ops, ops.weight(`${prefix}.v_proj.weight`), channels)), // [h, N, d]
    ops.reshape(ops.weight(`${prefix}.v_proj.bias`), [HEADS, 1, d]),
  );
  return ops.reshape(ops.transpose(values, [1, 0, 2]), [1, -1, channels]);
}

/**
 * Image tokens attending to prompt tokens, out_proj included: `imageQueries` = keys + PE `[1, P, 256]`
 * (unprojected), or `projectedQueries` `[1, P, C]` when q_proj(keys + PE) is already known (layer 0,
 * precomputed per image); `tokenKeys` `[1, N, C]` (k_proj applied), `tokenValues` `[1, N, C]` (v_proj applied).
 * Returns `[1, P, 256]`.
 */
export function imageAttendsTokens<T>(
  ops: TensorOps<T>,
  image: { readonly unprojected: T } | { readonly projected: T },
  tokenKeys: T,
  tokenValues: T,
  prefix: string,
  channels: number,
): T {
  const d = channels / HEADS;
  let scores: T; // [1, P, h·N]
  if ("projected" in image) {
    const q = splitHeads(ops, image.projected, channels); // [1, h, P, d]
    const perHead = ops.matMul(q, ops.transpose(splitHeads(ops, tokenKeys, channels), [0, 1, 3, 2])); // [1, h, P, N]
    scores = ops.reshape(ops.transpose(perHead, [0, 2, 1, 3]), [0, 0, -1]);
  } else {
    const { columns, offsets } = imageSideQueries(ops, tokenKeys, ops.weight(`${prefix}.q_proj.weight`), ops.weight(`${prefix}.q_proj.bias`), channels);
    scores = ops.add(ops.matMul(image.unprojected, columns), offsets);
  }
  const scaled = ops.div(ops.reshape(scores, [0, 0, HEADS, -1]), ops.constant([Math.sqrt(d)], [])); // [1, P, h, N]
  const weights = ops.reshape(ops.softmax(scaled), [0, 0, -1]); // [1, P, h·N]
  // out_proj of each head's value vectors: [h, N, d]·[h, d, 256] → [h·N, 256]
  const outHeads = ops.reshape(ops.weight(`${prefix}.out_proj.weight`), [HEADS, d, 256]);
  const projectedValues = ops.reshape(ops.matMul(ops.reshape(splitHeads(ops, tokenValues, channels), [HEADS, -1, d]), outHeads), [1, -1, 256]);
  return ops.add(ops.matMul(weights, projectedValues), ops.weight(`${prefix}.out_proj.bias`));
}
