import { maskArea, type BinaryMask } from "../mask/binary-mask";
import { distanceTransform } from "../mask/distance-transform";

function overlap(a: BinaryMask, b: BinaryMask): { intersection: number; areaA: number; areaB: number } {
  if (a.width !== b.width || a.height !== b.height) {
    throw new Error(`mask sizes differ: ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  }
  let intersection = 0;
  let areaA = 0;
  let areaB = 0;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i] !== 0;
    const y = b.data[i] !== 0;
    if (x) areaA++;
    if (y) areaB++;
    if (x && y) intersection++;
  }
  return { intersection, areaA, areaB };
}

/** Dice = 2|A∩B| / (|A|+|B|). Convention: two empty masks agree perfectly (1). */
export function dice(prediction: BinaryMask, groundTruth: BinaryMask): number {
  const { intersection, areaA, areaB } = overlap(prediction, groundTruth);
  return areaA + areaB === 0 ? 1 : (2 * intersection) / (areaA + areaB);
}

/** IoU = |A∩B| / |A∪B|. Convention: two empty masks agree perfectly (1). */
export function iou(prediction: BinaryMask, groundTruth: BinaryMask): number {
  const { intersection, areaA, areaB } = overlap(prediction, groundTruth);
  const union = areaA + areaB - intersection;
  return union === 0 ? 1 : intersection / union;
}

/** Surface pixels: foreground pixels with a 4-neighbour in the background (outside the image counts as background). */
export function surfacePixels(mask: BinaryMask): BinaryMask {
  const { width, height, data } = mask;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!data[i]) continue;
      const interior = x > 0 && y > 0 && x < width - 1 && y < height - 1 && data[i - 1] && data[i + 1] && data[i - width] && data[i + width];
      if (!interior) out[i] = 1;
    }
  }
  return { width, height, data: out };
}

/** Distances from every surface pixel of `from` to the nearest surface pixel of `to`. */
function surfaceDistances(from: BinaryMask, to: BinaryMask): number[] {
  const notTo = new Uint8Array(to.data.length);
  for (let i = 0; i < notTo.length; i++) notTo[i] = to.data[i] ? 0 : 1;
  const dt = distanceTransform({ width: to.width, height: to.height, data: notTo });
  const distances: number[] = [];
  for (let i = 0; i < from.data.length; i++) if (from.data[i]) distances.push(dt[i] as number);
  return distances;
}

/** Linear-interpolated percentile as `numpy.percentile` (default method). */
export function percentileLinear(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const position = ((sorted.length - 1) * p) / 100;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return (sorted[lower] as number) + ((sorted[upper] as number) - (sorted[lower] as number)) * (position - lower);
}

/**
 * 95th-percentile Hausdorff distance in pixels between the surfaces of two masks (as medpy's
 * `hd95`: both directed surface-distance sets pooled, 95th percentile). Conventions: identical
 * masks → 0; two empty masks → 0; exactly one empty mask → the image diagonal (the worst possible
 * value, kept finite so that means stay defined).
 */
export function hd95(prediction: BinaryMask, groundTruth: BinaryMask): number {
  const emptyPrediction = maskArea(prediction) === 0;
  const emptyTruth = maskArea(groundTruth) === 0;
  if (emptyPrediction && emptyTruth) return 0;
  if (emptyPrediction || emptyTruth) return Math.hypot(groundTruth.width, groundTruth.height);
  const a = surfacePixels(prediction);
  const b = surfacePixels(groundTruth);
  return percentileLinear([...surfaceDistances(a, b), ...surfaceDistances(b, a)], 95);
}
