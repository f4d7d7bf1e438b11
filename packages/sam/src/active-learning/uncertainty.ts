import { LOW_RES_SIZE } from "../postprocess";
import { SAM_IMAGE_SIZE, type Size } from "../preprocess";
import { validGrid } from "./grid";

/**
 * The four uncertainty parts of docs/method.md §5, each oriented so that higher = more uncertain, in [0, 1]:
 * - `iou`: 1 − the decoder's predicted IoU of the chosen mask;
 * - `stability`: 1 − IoU of the chosen logits thresholded at +1 and at −1 (SAM's stability score);
 * - `entropy`: mean binary entropy (bits) of sigmoid(logits) in the boundary band of the chosen mask;
 * - `disagreement`: 1 − mean pairwise IoU of the multimask candidates.
 */
export const UNCERTAINTY_PARTS = ["iou", "stability", "entropy", "disagreement"] as const;
export type UncertaintyPart = (typeof UNCERTAINTY_PARTS)[number];
export type UncertaintyParts = Record<UncertaintyPart, number>;

/** What the parts are computed from: a multimask decoder's output (`DecoderOutput` fits). */
export interface MultimaskPrediction {
  /** 256² low-res logits per candidate (the 1024 frame, padding included). */
  lowRes: readonly Float32Array[];
  /** Predicted IoU per candidate. */
  iou: readonly number[];
  /** Index of the chosen candidate (highest predicted IoU). */
  best: number;
}

export interface UncertaintyOptions {
  /** Half-width of the boundary band in low-res pixels (1 px = 4 model px); default 2. */
  bandRadius?: number;
  /** Logit thresholds of the stability score; default 1 (masks at +1 and −1). */
  stabilityOffset?: number;
}

/** The low-res pixels that see the image: SAM pads bottom/right, so the top-left `columns × rows`. */
export function lowResValidRegion(image: Size): { columns: number; rows: number } {
  const { resized } = validGrid(image);
  const scale = SAM_IMAGE_SIZE / LOW_RES_SIZE;
  return { columns: Math.min(LOW_RES_SIZE, Math.ceil(resized.width / scale)), rows: Math.min(LOW_RES_SIZE, Math.ceil(resized.height / scale)) };
}

interface Region {
  columns: number;
  rows: number;
}

function assertLowRes(logits: Float32Array): void {
  if (logits.length !== LOW_RES_SIZE * LOW_RES_SIZE) throw new RangeError(`low-res logits have ${logits.length} values, expected ${LOW_RES_SIZE}²`);
}

/** IoU of {logits > a} and {logits > b} over the region (two empty masks: 1). */
function thresholdIou(x: Float32Array, a: number, y: Float32Array, b: number, region: Region): number {
  let intersection = 0;
  let union = 0;
  for (let r = 0; r < region.rows; r++) {
    const row = r * LOW_RES_SIZE;
    for (let c = 0; c < region.columns; c++) {
      const p = (x[row + c] as number) > a;
      const q = (y[row + c] as number) > b;
      if (p && q) intersection++;
      if (p || q) union++;
    }
  }
  return union === 0 ? 1 : intersection / union;
}

/** 1 − stability: 1 − IoU({l > +offset}, {l > −offset}). */
export function instability(logits: Float32Array, region: Region, offset = 1): number {
  assertLowRes(logits);
  return 1 - thresholdIou(logits, offset, logits, -offset, region);
}

/** 1 − mean pairwise IoU of the candidates' masks (logit > 0); 0 with a single candidate. */
export function disagreement(candidates: readonly Float32Array[], region: Region): number {
  candidates.forEach(assertLowRes);
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < candidates.length; i++) {
    for (let j = i + 1; j < candidates.length; j++) {
      sum += thresholdIou(candidates[i] as Float32Array, 0, candidates[j] as Float32Array, 0, region);
      pairs++;
    }
  }
  return pairs === 0 ? 0 : 1 - sum / pairs;
}

function binaryEntropy(logit: number): number {
  const p = 1 / (1 + Math.exp(-logit));
  if (p <= 0 || p >= 1) return 0;
  return -(p * Math.log2(p) + (1 - p) * Math.log2(1 - p));
}

/**
 * The boundary band of the mask {logits > 0}: pixels within `radius` (Chebyshev, low-res pixels)
 * of a boundary pixel, a boundary pixel being a mask pixel with a 4-neighbour outside the mask
 * (the region's edge counts as outside). Returns a 0/1 array over the 256² frame.
 */
export function boundaryBand(logits: Float32Array, region: Region, radius: number): Uint8Array {
  assertLowRes(logits);
  const n = LOW_RES_SIZE;
  const inside = (r: number, c: number) => r >= 0 && c >= 0 && r < region.rows && c < region.columns && (logits[r * n + c] as number) > 0;
  const boundary = new Uint8Array(n * n);
  for (let r = 0; r < region.rows; r++) {
    for (let c = 0; c < region.columns; c++) {
      if (inside(r, c) && !(inside(r - 1, c) && inside(r + 1, c) && inside(r, c - 1) && inside(r, c + 1))) boundary[r * n + c] = 1;
    }
  }
  // Separable square dilation (rows, then columns), kept inside the region: a pixel is in the band
  // when the nearest boundary pixel of its row (then column) is at most `radius` away.
  const dilate = (source: Uint8Array, lines: number, length: number, at: (line: number, k: number) => number): Uint8Array => {
    const out = new Uint8Array(n * n);
    for (let line = 0; line < lines; line++) {
      let last = -Infinity;
      for (let k = 0; k < length; k++) {
        if (source[at(line, k)]) last = k;
        if (k - last <= radius) out[at(line, k)] = 1;
      }
      last = Infinity;
      for (let k = length - 1; k >= 0; k--) {
        if (source[at(line, k)]) last = k;
        if (last - k <= radius) out[at(line, k)] = 1;
      }
    }
    return out;
  };
  const rowsDilated = dilate(boundary, region.rows, region.columns, (r, c) => r * n + c);
  const band = dilate(rowsDilated, region.columns, region.rows, (c, r) => r * n + c);
  return band;
}

/** Mean binary entropy (bits) of sigmoid(logits) in the boundary band; 1 when the mask is empty (nothing found). */
export function boundaryEntropy(logits: Float32Array, region: Region, radius = 2): number {
  const band = boundaryBand(logits, region, radius);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < band.length; i++) {
    if (!band[i]) continue;
    sum += binaryEntropy(logits[i] as number);
    count++;
  }
  return count === 0 ? 1 : sum / count;
}

/** All four parts for one image's auto-prompted multimask prediction. */
export function uncertaintyParts(prediction: MultimaskPrediction, image: Size, options: UncertaintyOptions = {}): UncertaintyParts {
  const chosen = prediction.lowRes[prediction.best];
  const predicted = prediction.iou[prediction.best];
  if (!chosen || predicted === undefined) throw new RangeError(`best candidate ${prediction.best} missing (have ${prediction.lowRes.length})`);
  const region = lowResValidRegion(image);
  return {
    iou: Math.min(1, Math.max(0, 1 - predicted)),
    stability: instability(chosen, region, options.stabilityOffset ?? 1),
    entropy: boundaryEntropy(chosen, region, options.bandRadius ?? 2),
    disagreement: disagreement(prediction.lowRes, region),
  };
}

/**
 * Ranks with ties averaged, scaled to [0, 1] (lowest value → 0, highest → 1; a single value → 0.5).
 * Non-finite values are rejected: a broken score must not silently sort first or last.
 */
export function fractionalRanks(values: readonly number[]): number[] {
  const n = values.length;
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`rank input must be finite, got ${v}`);
  if (n === 1) return [0.5];
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Array<number>(n);
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && values[order[end + 1] as number] === values[order[start] as number]) end++;
    const average = (start + end) / 2 / (n - 1);
    for (let k = start; k <= end; k++) ranks[order[k] as number] = average;
    start = end + 1;
  }
  return ranks;
}

/**
 * Combined uncertainty by rank average: each part ranked over the images (ties averaged), the
 * images' fractional ranks averaged over `parts` (default all four). Result per image in [0, 1],
 * higher = more uncertain. Only meaningful within one set: re-rank when the set changes.
 */
export function rankAverage(partsPerImage: readonly UncertaintyParts[], parts: readonly UncertaintyPart[] = UNCERTAINTY_PARTS): number[] {
  if (parts.length === 0) throw new RangeError("rankAverage needs at least one part");
  const combined = new Array<number>(partsPerImage.length).fill(0);
  if (partsPerImage.length === 0) return combined;
  for (const part of parts) {
    const ranks = fractionalRanks(partsPerImage.map((p) => p[part]));
    for (let i = 0; i < combined.length; i++) combined[i] = (combined[i] as number) + (ranks[i] as number) / parts.length;
  }
  return combined;
}
