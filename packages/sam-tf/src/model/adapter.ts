import { conv3x3 } from "./conv-as-matmul.js";
import { gelu } from "./mlp.js";
import type { TensorOps } from "./tensor-ops.js";

/**
 * SAMCA shared-weight adapter (eq. 1): Adapter(m) = m + GELU(Conv(m·W_down ⊙ B_l))·W_up + R_l.
 * W_down, the conv and W_up are shared by every layer at the same position; the per-layer scale B_l
 * (init 1) and offset R_l (init 0) are not. W_up starts at zero, so an untrained adapter is the identity.
 *
 * Sites in the decoder (see two-way-transformer.ts):
 * - `attn`: after each layer's attention sub-blocks: on the prompt tokens after token→image attention
 *   (conv = identity) and on the 64x64 image tokens after image→token attention (3x3 conv);
 * - `mlp`: after each layer's MLP sub-block (prompt tokens, conv = identity);
 * - `embedding`: on the image embedding before the decoder (3x3 conv), layer 0 only.
 */
export type AdapterPosition = "attn" | "mlp" | "embedding";

export const ADAPTER_LAYERS: Readonly<Record<AdapterPosition, number>> = { attn: 2, mlp: 2, embedding: 1 };
/** Positions whose adapter sees image tokens, hence owns a 3x3 conv. */
export const ADAPTER_HAS_CONV: Readonly<Record<AdapterPosition, boolean>> = { attn: true, mlp: false, embedding: true };

export interface TokenGrid {
  readonly height: number;
  readonly width: number;
}

export function adapterPrefix(position: AdapterPosition): string {
  return `adapter.${position}`;
}

/** Trainable adapter parameter names and shapes (model layout) for a given rank. */
export function adapterParameterShapes(rank: number, channels = 256): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  for (const position of Object.keys(ADAPTER_LAYERS) as AdapterPosition[]) {
    const p = adapterPrefix(position);
    shapes.set(`${p}.w_down`, [channels, rank]);
    if (ADAPTER_HAS_CONV[position]) {
      shapes.set(`${p}.conv.weight`, [9 * rank, rank]);
      shapes.set(`${p}.conv.bias`, [rank]);
    }
    shapes.set(`${p}.w_up`, [rank, channels]);
    for (let l = 0; l < ADAPTER_LAYERS[position]; l++) {
      shapes.set(`${p}.layers.${l}.scale`, [rank]);
      shapes.set(`${p}.layers.${l}.offset`, [channels]);
    }
  }
  return shapes;
}

/**
 * Initial values: W_up = 0 and R_l = 0 (identity adapter), B_l = 1, W_down and the conv
 * small random (uniform ±1/sqrt(fan_in), seeded) so gradients reach them once W_up moves.
 */
export function initialAdapterValue(name: string, shape: readonly number[], random: () => number): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  if (name.endsWith(".scale")) return new Float32Array(size).fill(1);
  if (name.endsWith(".w_up") || name.endsWith(".offset") || name.endsWith(".bias")) return new Float32Array(size);
  const bound = 1 / Math.sqrt(shape[0]!);
  return Float32Array.from({ length: size }, () => (2 * random() - 1) * bound);
}

/** Apply the adapter at `position`, layer `layer`, to tokens `[B, N, C]` (image tokens when `grid` is given). */
export function applyAdapter<T>(
  ops: TensorOps<T>,
  m: T,
  rank: number,
  position: AdapterPosition,
  layer: number,
  grid?: TokenGrid,
): T {
  const p = adapterPrefix(position);
  let h = ops.mul(ops.matMul(m, ops.weight(`${p}.w_down`)), ops.weight(`${p}.layers.${layer}.scale`));
  if (grid) {
    const map = ops.reshape(h, [-1, grid.height, grid.width, rank]);
    h = ops.reshape(conv3x3(ops, map, `${p}.conv`, grid.height, grid.width), [-1, grid.height * grid.width, rank]);
  }
  const up = ops.matMul(gelu(ops, h), ops.weight(`${p}.w_up`));
  return ops.add(ops.add(m, up), ops.weight(`${p}.layers.${layer}.offset`));
}
