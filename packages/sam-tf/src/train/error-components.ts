import { labelComponents } from "@clickloop/sam";
import type { BinaryMask } from "./types";

export type ErrorKind = "tp" | "fp" | "fn";

/** One 8-connected component of TP, FP or FN pixels of a prediction against the ground truth. */
export interface ErrorComponent {
  readonly kind: ErrorKind;
  /** Row-major pixel indices (y·width + x), ascending. */
  readonly pixels: Int32Array;
}

/** TP = pred ∧ gt, FP = pred ∧ ¬gt, FN = ¬pred ∧ gt, each split into 8-connected components. */
export function errorComponents(prediction: BinaryMask, truth: BinaryMask): ErrorComponent[] {
  if (prediction.width !== truth.width || prediction.height !== truth.height) {
    throw new Error(`mask sizes differ: ${prediction.width}x${prediction.height} vs ${truth.width}x${truth.height}`);
  }
  const { width, height } = truth;
  const n = width * height;
  const masks: Record<ErrorKind, Uint8Array> = { tp: new Uint8Array(n), fp: new Uint8Array(n), fn: new Uint8Array(n) };
  for (let i = 0; i < n; i++) {
    const p = prediction.data[i] !== 0;
    const t = truth.data[i] !== 0;
    if (p && t) masks.tp[i] = 1;
    else if (p) masks.fp[i] = 1;
    else if (t) masks.fn[i] = 1;
  }
  const out: ErrorComponent[] = [];
  for (const kind of ["tp", "fp", "fn"] as const) {
    const { labels, components } = labelComponents({ width, height, data: masks[kind] }, 8);
    const pixels = components.map((c) => new Int32Array(c.area));
    const filled = new Int32Array(components.length);
    for (let i = 0; i < n; i++) {
      const label = labels[i] as number;
      if (label === 0) continue;
      const slot = label - 1;
      (pixels[slot] as Int32Array)[filled[slot] as number] = i;
      filled[slot] = (filled[slot] as number) + 1;
    }
    for (const p of pixels) out.push({ kind, pixels: p });
  }
  return out;
}
