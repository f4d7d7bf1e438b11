import type { TensorOps } from "./tensor-ops.js";

/** nn.Linear; the weight is held in model layout `[in, out]`. */
export function linear<T>(ops: TensorOps<T>, x: T, prefix: string): T {
  return ops.add(ops.matMul(x, ops.weight(`${prefix}.weight`)), ops.weight(`${prefix}.bias`));
}

/** SAM's `MLP` (mask_decoder.py): ReLU between layers, none after the last. */
export function mlp<T>(ops: TensorOps<T>, x: T, prefix: string, numLayers: number): T {
  let h = x;
  for (let i = 0; i < numLayers; i++) {
    h = linear(ops, h, `${prefix}.layers.${i}`);
    if (i < numLayers - 1) h = ops.relu(h);
  }
  return h;
}

/** SAM's `MLPBlock` (common.py) as used in the two-way transformer: lin2(ReLU(lin1(x))). */
export function mlpBlock<T>(ops: TensorOps<T>, x: T, prefix: string): T {
  return linear(ops, ops.relu(linear(ops, x, `${prefix}.lin1`)), `${prefix}.lin2`);
}

/** Exact (erf) GELU, as nn.GELU, from primitive ops: x · 0.5 · (1 + erf(x / √2)). */
export function geluFromErf<T>(ops: TensorOps<T>, x: T): T {
  const half = ops.constant([0.5], []);
  const one = ops.constant([1], []);
  const sqrt2 = ops.constant([Math.SQRT2], []);
  return ops.mul(ops.mul(x, half), ops.add(one, ops.erf(ops.div(x, sqrt2))));
}

export function gelu<T>(ops: TensorOps<T>, x: T): T {
  return ops.gelu(x);
}
