/**
 * The decoder is written once against this small op set and interpreted twice:
 * by TF.js (training, `tf-ops.ts`) and by the ONNX graph builder (export, `../onnx/onnx-ops.ts`),
 * so the exported file computes exactly what was trained.
 *
 * Layout conventions: tokens are `[B, N, C]`; image feature maps are NHWC `[B, H, W, C]`.
 */
export interface TensorOps<T> {
  /** A named parameter (frozen base weight or trainable variable), in model layout. */
  weight(name: string): T;
  constant(values: Float32Array | readonly number[], shape: readonly number[]): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  /** Batched matrix product over the last two axes (broadcast over leading ones). */
  matMul(a: T, b: T, transposeB?: boolean): T;
  sin(x: T): T;
  cos(x: T): T;
  erf(x: T): T;
  relu(x: T): T;
  /** Exact (erf) GELU, as nn.GELU: x·Φ(x). */
  gelu(x: T): T;
  /** Softmax over the last axis. */
  softmax(x: T): T;
  /** LayerNorm over the last axis: (x − mean) / sqrt(var + eps) · gamma + beta. */
  layerNorm(x: T, gamma: T, beta: T, epsilon: number): T;
  concat(xs: readonly T[], axis: number): T;
  /** ONNX semantics: 0 copies the input's dimension, −1 is inferred. */
  reshape(x: T, shape: readonly number[]): T;
  transpose(x: T, perm: readonly number[]): T;
  /** x[..., start:end, ...] along one axis (static bounds). */
  slice(x: T, axis: number, start: number, end: number): T;
  /** Zero padding: one [before, after] pair per axis. */
  pad(x: T, paddings: readonly (readonly [number, number])[]): T;
  /** 1 where x == value, else 0 (float). */
  equalTo(x: T, value: number): T;
  /**
   * Multi-head scaled dot-product attention on projected `q` `[B, Nq, C]`, `k`, `v` `[B, Nk, C]`
   * (C = `channels`): softmax(q_h·k_hᵀ / sqrt(C/heads))·v_h per head, heads recombined → `[B, Nq, C]`.
   */
  multiHeadAttention(q: T, k: T, v: T, numHeads: number, channels: number): T;
  /**
   * 3x3 Conv2d, stride 1, zero padding 1, no bias, on NHWC `[B, height, width, Cin]`;
   * `weight` in model layout `[3·3·Cin, Cout]`, order (ky, kx, ci).
   */
  conv3x3(x: T, weight: T, height: number, width: number): T;
  /** Repeat `x` (leading dim 1) along axis 0 to the leading dim of `like`. */
  broadcastBatchLike(x: T, like: T): T;
}
