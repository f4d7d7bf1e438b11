import { z } from "zod";

/** A binary mask in row-major order: `data[y * width + x]` is 1 (foreground) or 0. */
export interface BinaryMask {
  width: number;
  height: number;
  data: Uint8Array;
}

export const binaryMaskSchema = z
  .object({
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    data: z.instanceof(Uint8Array),
  })
  .refine((m) => m.data.length === m.width * m.height, { message: "data.length must equal width * height" });

export interface BoundingBox {
  /** Inclusive pixel bounds. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function createBinaryMask(width: number, height: number): BinaryMask {
  return { width, height, data: new Uint8Array(width * height) };
}

/** Wraps `values` as a mask, mapping every non-zero value to 1 (copying the data). */
export function binaryMaskFrom(width: number, height: number, values: ArrayLike<number>): BinaryMask {
  if (values.length !== width * height) {
    throw new Error(`mask data has ${values.length} values, expected ${width * height}`);
  }
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = values[i] ? 1 : 0;
  return { width, height, data };
}

/** Pixels where `values[i] > threshold` (SAM's logit threshold is 0). */
export function thresholdToMask(values: ArrayLike<number>, width: number, height: number, threshold = 0): BinaryMask {
  if (values.length !== width * height) {
    throw new Error(`got ${values.length} values, expected ${width * height}`);
  }
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = (values[i] as number) > threshold ? 1 : 0;
  return { width, height, data };
}

export function maskArea(mask: BinaryMask): number {
  let area = 0;
  for (let i = 0; i < mask.data.length; i++) area += mask.data[i] ? 1 : 0;
  return area;
}

function assertSameSize(a: BinaryMask, b: BinaryMask): void {
  if (a.width !== b.width || a.height !== b.height) {
    throw new Error(`mask sizes differ: ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  }
}

function combine(a: BinaryMask, b: BinaryMask, op: (x: number, y: number) => boolean): BinaryMask {
  assertSameSize(a, b);
  const out = createBinaryMask(a.width, a.height);
  for (let i = 0; i < out.data.length; i++) out.data[i] = op(a.data[i] as number, b.data[i] as number) ? 1 : 0;
  return out;
}

export const maskOr = (a: BinaryMask, b: BinaryMask): BinaryMask => combine(a, b, (x, y) => x !== 0 || y !== 0);
/** `a ∧ ¬b`, e.g. false negatives = `maskAndNot(gt, pred)`. */
export const maskAndNot = (a: BinaryMask, b: BinaryMask): BinaryMask => combine(a, b, (x, y) => x !== 0 && y === 0);

export function masksEqual(a: BinaryMask, b: BinaryMask): boolean {
  if (a.width !== b.width || a.height !== b.height) return false;
  for (let i = 0; i < a.data.length; i++) if ((a.data[i] !== 0) !== (b.data[i] !== 0)) return false;
  return true;
}

/** Tight inclusive bounding box of the foreground, or null for an empty mask. */
export function maskBoundingBox(mask: BinaryMask): BoundingBox | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < mask.height; y++) {
    const row = y * mask.width;
    for (let x = 0; x < mask.width; x++) {
      if (mask.data[row + x]) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1, y1 };
}

/** Draws a filled axis-aligned rectangle (inclusive bounds, clipped to the mask). */
export function fillRect(mask: BinaryMask, box: BoundingBox, value: 0 | 1 = 1): BinaryMask {
  for (let y = Math.max(0, box.y0); y <= Math.min(mask.height - 1, box.y1); y++) {
    for (let x = Math.max(0, box.x0); x <= Math.min(mask.width - 1, box.x1); x++) mask.data[y * mask.width + x] = value;
  }
  return mask;
}

/** Draws a filled axis-aligned ellipse centred at (cx, cy) with radii (rx, ry). */
export function fillEllipse(mask: BinaryMask, cx: number, cy: number, rx: number, ry: number, value: 0 | 1 = 1): BinaryMask {
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      const dx = (x - cx) / rx;
      const dy = (y - cy) / ry;
      if (dx * dx + dy * dy <= 1) mask.data[y * mask.width + x] = value;
    }
  }
  return mask;
}
