import type { TensorOps } from "./tensor-ops.js";

/** SAM's LayerNorm2d (common.py): normalises over channels; in NHWC that is the last axis. eps = 1e-6. */
export function layerNorm2d<T>(ops: TensorOps<T>, x: T, prefix: string): T {
  return ops.layerNorm(x, ops.weight(`${prefix}.weight`), ops.weight(`${prefix}.bias`), 1e-6);
}

/** nn.LayerNorm over the token dimension (eps = 1e-5). */
export function layerNorm<T>(ops: TensorOps<T>, x: T, prefix: string): T {
  return ops.layerNorm(x, ops.weight(`${prefix}.weight`), ops.weight(`${prefix}.bias`), 1e-5);
}
