import { thresholdToMask, type BinaryMask } from "./mask/binary-mask";
import { resizedSize, SAM_IMAGE_SIZE, type Size } from "./preprocess";
import { resizeBilinearFloat } from "./resize";

export const LOW_RES_SIZE = 256;
/** SAM's mask threshold on logits. */
export const MASK_THRESHOLD = 0;

/**
 * SAM's `postprocess_masks` as written: low-res logits (256²) → 1024² (bilinear), crop away the
 * padding, → original size (bilinear), all as `F.interpolate(..., align_corners=False)`.
 * The reference for `upscaleLowResLogits` (tests, benchmark); it builds the whole 1024² plane.
 */
export function upscaleLowResLogitsReference(lowRes: Float32Array, original: Size, lowResSize = LOW_RES_SIZE): Float32Array {
  const full = resizeBilinearFloat(lowRes, lowResSize, lowResSize, SAM_IMAGE_SIZE, SAM_IMAGE_SIZE);
  const resized = resizedSize(original);
  const cropped = new Float32Array(resized.width * resized.height);
  for (let y = 0; y < resized.height; y++) {
    cropped.set(full.subarray(y * SAM_IMAGE_SIZE, y * SAM_IMAGE_SIZE + resized.width), y * resized.width);
  }
  return resizeBilinearFloat(cropped, resized.width, resized.height, original.width, original.height);
}

/** Up to 4 (index, weight) taps per output position: bilinear of a bilinear, along one axis. */
interface Taps {
  index: Int32Array;
  weight: Float32Array;
}

/** One torch bilinear (align_corners=False) step: output i of `outSize` from an input of `inSize` with stride `scale`. */
function linearTaps(i: number, scale: number, inSize: number): [number, number, number] {
  const s = Math.max(0, (i + 0.5) * scale - 0.5);
  const i0 = Math.min(Math.floor(s), inSize - 1);
  return [i0, Math.min(i0 + 1, inSize - 1), s - i0];
}

/** low-res (lowResSize) → 1024 → crop to `valid` → `outSize`, composed into taps on the low-res axis. */
function composedTaps(outSize: number, valid: number, lowResSize: number): Taps {
  const index = new Int32Array(outSize * 4);
  const weight = new Float32Array(outSize * 4);
  for (let i = 0; i < outSize; i++) {
    const [a, b, w] = linearTaps(i, valid / outSize, valid);
    const [a0, a1, wa] = linearTaps(a, lowResSize / SAM_IMAGE_SIZE, lowResSize);
    const [b0, b1, wb] = linearTaps(b, lowResSize / SAM_IMAGE_SIZE, lowResSize);
    index.set([a0, a1, b0, b1], i * 4);
    weight.set([(1 - w) * (1 - wa), (1 - w) * wa, w * (1 - wb), w * wb], i * 4);
  }
  return { index, weight };
}

const tapsCache = new Map<string, { x: Taps; y: Taps; rows: Int32Array }>();
function upscaleTaps(original: Size, lowResSize: number) {
  const key = `${original.width}x${original.height}/${lowResSize}`;
  let taps = tapsCache.get(key);
  if (!taps) {
    const resized = resizedSize(original);
    const y = composedTaps(original.height, resized.height, lowResSize);
    // the low-res rows the vertical pass reads (the padding rows are never needed)
    const rows = Int32Array.from(new Set(y.index)).sort();
    taps = { x: composedTaps(original.width, resized.width, lowResSize), y, rows };
    if (tapsCache.size > 16) tapsCache.clear();
    tapsCache.set(key, taps);
  }
  return taps;
}

/**
 * SAM's `postprocess_masks` (see `upscaleLowResLogitsReference`) in one separable pass: each axis's
 * two bilinear steps and the crop compose into ≤ 4 taps on the low-res grid, so the 1024² plane is
 * never built — a horizontal pass over the low-res rows that are read, then a vertical one.
 * Equal to the reference up to float rounding.
 */
export function upscaleLowResLogits(lowRes: Float32Array, original: Size, lowResSize = LOW_RES_SIZE): Float32Array {
  const { width, height } = original;
  const { x, y, rows } = upscaleTaps(original, lowResSize);
  const rowOf = new Int32Array(lowResSize).fill(-1);
  const horizontal = new Float32Array(rows.length * width);
  rows.forEach((r, k) => {
    rowOf[r] = k;
    const src = r * lowResSize;
    const dst = k * width;
    for (let i = 0; i < width; i++) {
      const t = i * 4;
      horizontal[dst + i] =
        x.weight[t]! * lowRes[src + x.index[t]!]! +
        x.weight[t + 1]! * lowRes[src + x.index[t + 1]!]! +
        x.weight[t + 2]! * lowRes[src + x.index[t + 2]!]! +
        x.weight[t + 3]! * lowRes[src + x.index[t + 3]!]!;
    }
  });
  const out = new Float32Array(width * height);
  for (let j = 0; j < height; j++) {
    const t = j * 4;
    const r0 = rowOf[y.index[t]!]! * width;
    const r1 = rowOf[y.index[t + 1]!]! * width;
    const r2 = rowOf[y.index[t + 2]!]! * width;
    const r3 = rowOf[y.index[t + 3]!]! * width;
    const [w0, w1, w2, w3] = [y.weight[t]!, y.weight[t + 1]!, y.weight[t + 2]!, y.weight[t + 3]!];
    const dst = j * width;
    for (let i = 0; i < width; i++) {
      out[dst + i] = w0 * horizontal[r0 + i]! + w1 * horizontal[r1 + i]! + w2 * horizontal[r2 + i]! + w3 * horizontal[r3 + i]!;
    }
  }
  return out;
}

/** Binary mask of logits above SAM's threshold. */
export function logitsToMask(logits: Float32Array, size: Size, threshold = MASK_THRESHOLD): BinaryMask {
  return thresholdToMask(logits, size.width, size.height, threshold);
}
