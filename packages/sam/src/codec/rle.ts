import { z } from "zod";
import type { BinaryMask } from "../mask/binary-mask";

// COCO run-length encoding (pycocotools' maskApi.c): runs over the mask in column-major order,
// alternating background/foreground and starting with background (a leading 0 when the first
// pixel is foreground). `size` is [height, width].

export const rleSchema = z.object({
  size: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  counts: z.union([z.array(z.number().int().nonnegative()), z.string()]),
});
export type CocoRle = z.infer<typeof rleSchema>;

/** Uncompressed run lengths (column-major, zeros first). */
export function maskToRleCounts(mask: BinaryMask): number[] {
  const counts: number[] = [];
  let current = 0;
  let run = 0;
  for (let x = 0; x < mask.width; x++) {
    for (let y = 0; y < mask.height; y++) {
      const value = mask.data[y * mask.width + x] ? 1 : 0;
      if (value !== current) {
        counts.push(run);
        run = 0;
        current = value;
      }
      run++;
    }
  }
  counts.push(run);
  return counts;
}

export function rleCountsToMask(counts: readonly number[], width: number, height: number): BinaryMask {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total !== width * height) throw new Error(`RLE covers ${total} pixels, expected ${width * height}`);
  const data = new Uint8Array(width * height);
  let position = 0;
  counts.forEach((run, i) => {
    if (i % 2 === 1) {
      for (let p = position; p < position + run; p++) {
        const x = Math.floor(p / height);
        data[(p - x * height) * width + x] = 1;
      }
    }
    position += run;
  });
  return { width, height, data };
}

/** pycocotools' `rleToString`: LEB128-like 5-bit groups, offset by 48, deltas from counts[i-2] for i > 2. */
export function compressRleCounts(counts: readonly number[]): string {
  let out = "";
  counts.forEach((count, i) => {
    let x = i > 2 ? count - (counts[i - 2] as number) : count;
    let more = true;
    while (more) {
      let c = x & 0x1f;
      x = Math.floor(x / 32); // arithmetic shift, also for negative deltas
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      out += String.fromCharCode(c + 48);
    }
  });
  return out;
}

/** pycocotools' `rleFrString`. */
export function decompressRleCounts(text: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < text.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= text.length) throw new Error("truncated RLE string");
      const c = text.charCodeAt(p) - 48;
      x += (c & 0x1f) * 2 ** (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && c & 0x10) x -= 2 ** (5 * k); // sign-extend
    }
    if (counts.length > 2) x += counts[counts.length - 2] as number;
    counts.push(x);
  }
  return counts;
}

/** COCO RLE of a mask; `compressed` gives pycocotools' string form (as in COCO JSON files). */
export function encodeRle(mask: BinaryMask, compressed = true): CocoRle {
  const counts = maskToRleCounts(mask);
  return { size: [mask.height, mask.width], counts: compressed ? compressRleCounts(counts) : counts };
}

export function decodeRle(rle: CocoRle): BinaryMask {
  const { size, counts } = rleSchema.parse(rle);
  const [height, width] = size;
  return rleCountsToMask(typeof counts === "string" ? decompressRleCounts(counts) : counts, width, height);
}
