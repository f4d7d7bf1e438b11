// The mask on the wire between the workspace and the API: run-length encoded, row-major,
// counts alternate starting with background (0) pixels. Pure (no Node APIs): the browser
// imports it too, through `@clickloop/api/browser`.
import { z } from "zod";

export const MAX_MASK_SIDE = 16_384;

export const maskRleSchema = z
  .object({
    width: z.number().int().min(1).max(MAX_MASK_SIDE),
    height: z.number().int().min(1).max(MAX_MASK_SIDE),
    counts: z.array(z.number().int().min(0)).max(4_000_000),
  })
  .refine((m) => m.counts.reduce((a, b) => a + b, 0) === m.width * m.height, {
    message: "RLE counts must cover exactly width × height pixels",
  });

export type MaskRle = z.infer<typeof maskRleSchema>;

export function encodeMaskRle(mask: ArrayLike<number>, width: number, height: number): MaskRle {
  const counts: number[] = [];
  let current = 0;
  let run = 0;
  for (let i = 0; i < width * height; i++) {
    const value = mask[i] ? 1 : 0;
    if (value !== current) {
      counts.push(run);
      current = value;
      run = 0;
    }
    run++;
  }
  counts.push(run);
  return { width, height, counts };
}

export function decodeMaskRle(rle: MaskRle): Uint8Array {
  const mask = new Uint8Array(rle.width * rle.height);
  let offset = 0;
  rle.counts.forEach((count, i) => {
    if (i % 2 === 1) mask.fill(1, offset, offset + count);
    offset += count;
  });
  return mask;
}

export function rleArea(rle: MaskRle): number {
  let area = 0;
  for (let i = 1; i < rle.counts.length; i += 2) area += rle.counts[i]!;
  return area;
}
