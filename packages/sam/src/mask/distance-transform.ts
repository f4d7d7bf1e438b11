import type { BinaryMask } from "./binary-mask";

export interface DistanceTransformOptions {
  /**
   * Count the pixels just outside the image as boundary (background), as the interactive
   * segmentation clicker does (RITM pads the error mask with one background pixel).
   */
  borderIsBoundary?: boolean;
  /** Return squared distances (exact integers) instead of distances. */
  squared?: boolean;
}

/**
 * 1-D squared distance transform of a sampled function (Felzenszwalb & Huttenlocher 2012):
 * `out[q] = min_p (q - p)² + f[p]`, via the lower envelope of parabolas. O(n).
 * Scratch buffers `v` (Int32, n) and `z` (Float64, n + 1) are passed in to avoid allocation per row.
 */
function squaredDistance1d(f: Float64Array, n: number, out: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  // Skip leading infinite samples: their parabolas never form part of the envelope.
  let first = 0;
  while (first < n && f[first] === Infinity) first++;
  if (first === n) {
    out.fill(Infinity, 0, n);
    return;
  }
  v[0] = first;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = first + 1; q < n; q++) {
    const fq = f[q] as number;
    if (fq === Infinity) continue;
    let p = v[k] as number;
    let s = (fq + q * q - ((f[p] as number) + p * p)) / (2 * q - 2 * p);
    // z[0] is -Infinity, so k never drops below 0.
    while (s <= (z[k] as number)) {
      k--;
      p = v[k] as number;
      s = (fq + q * q - ((f[p] as number) + p * p)) / (2 * q - 2 * p);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while ((z[k + 1] as number) < q) k++;
    const p = v[k] as number;
    out[q] = (q - p) * (q - p) + (f[p] as number);
  }
}

/**
 * Exact Euclidean distance transform: for every foreground pixel of `mask`, the distance to the
 * centre of the nearest background pixel (a foreground pixel touching the background gets 1);
 * background pixels get 0. Without `borderIsBoundary`, a mask with no background pixel at all
 * yields `Infinity` everywhere.
 */
export function distanceTransform(mask: BinaryMask, options: DistanceTransformOptions = {}): Float64Array {
  const pad = options.borderIsBoundary ? 1 : 0;
  const width = mask.width + 2 * pad;
  const height = mask.height + 2 * pad;
  const grid = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const mx = x - pad;
      const my = y - pad;
      const inside = mx >= 0 && my >= 0 && mx < mask.width && my < mask.height;
      grid[y * width + x] = inside && mask.data[my * mask.width + mx] ? Infinity : 0;
    }
  }

  const longest = Math.max(width, height);
  const f = new Float64Array(longest);
  const out = new Float64Array(longest);
  const v = new Int32Array(longest);
  const z = new Float64Array(longest + 1);
  // Columns first, then rows (the order does not change the exact result).
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) f[y] = grid[y * width + x] as number;
    squaredDistance1d(f, height, out, v, z);
    for (let y = 0; y < height; y++) grid[y * width + x] = out[y] as number;
  }
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) f[x] = grid[row + x] as number;
    squaredDistance1d(f, width, out, v, z);
    for (let x = 0; x < width; x++) grid[row + x] = out[x] as number;
  }

  const result = new Float64Array(mask.width * mask.height);
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      const d2 = grid[(y + pad) * width + (x + pad)] as number;
      result[y * mask.width + x] = options.squared ? d2 : Math.sqrt(d2);
    }
  }
  return result;
}

/** Index of the largest value, first in row-major order among equals; -1 when all are ≤ 0. */
export function argmaxFirst(values: ArrayLike<number>): number {
  let best = -1;
  let bestValue = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (value > bestValue) {
      bestValue = value;
      best = i;
    }
  }
  return best;
}
