import type { TensorOps } from "./tensor-ops.js";

export const GAUSSIAN_MATRIX = "prompt_encoder.pe_layer.positional_encoding_gaussian_matrix";
/** Derived constant: the dense positional encoding of the 64x64 grid, tokens layout `[1, 4096, 256]`. */
export const DENSE_PE = "prompt_encoder.dense_pe";

/** PositionEmbeddingRandom._pe_encoding: coords in [0, 1] → [sin, cos](2π · (2·coords − 1) · G). */
export function peEncoding<T>(ops: TensorOps<T>, coords01: T): T {
  const centred = ops.sub(ops.mul(coords01, ops.constant([2], [])), ops.constant([1], []));
  const projected = ops.mul(ops.matMul(centred, ops.weight(GAUSSIAN_MATRIX)), ops.constant([2 * Math.PI], []));
  return ops.concat([ops.sin(projected), ops.cos(projected)], -1);
}

/**
 * PositionEmbeddingRandom.forward((h, w)) computed once on the CPU (it depends only on the frozen
 * Gaussian matrix `[2, F]`), laid out as the transformer consumes it: token i·w + j ↔ pixel (i, j).
 */
export function denseImagePe(gaussian: Float32Array, height = 64, width = 64): Float32Array {
  const features = gaussian.length / 2;
  const out = new Float32Array(height * width * 2 * features);
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      const x = 2 * ((j + 0.5) / width) - 1;
      const y = 2 * ((i + 0.5) / height) - 1;
      const base = (i * width + j) * 2 * features;
      for (let f = 0; f < features; f++) {
        const angle = Math.fround(2 * Math.PI) * Math.fround(x * gaussian[f]! + y * gaussian[features + f]!);
        out[base + f] = Math.sin(angle);
        out[base + features + f] = Math.cos(angle);
      }
    }
  }
  return out;
}
