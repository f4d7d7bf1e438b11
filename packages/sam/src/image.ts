import { z } from "zod";

/** Decoded 8-bit pixels, row-major, interleaved channels (1 = grey, 3 = RGB, 4 = RGBA). */
export interface RawImage {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  data: Uint8Array | Uint8ClampedArray;
}

export const rawImageSchema = z
  .object({
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    channels: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
    data: z.union([z.instanceof(Uint8Array), z.instanceof(Uint8ClampedArray)]),
  })
  .refine((im) => im.data.length === im.width * im.height * im.channels, {
    message: "data.length must equal width * height * channels",
  });

/**
 * RGB copy of `image`: grey (and grey + alpha) is replicated to 3 channels, alpha is dropped
 * (ultrasound frames are opaque; an alpha channel carries no image content).
 */
export function toRgb(image: RawImage): RawImage {
  if (image.channels === 3) return image;
  const pixels = image.width * image.height;
  const out = new Uint8Array(pixels * 3);
  const c = image.channels;
  for (let i = 0; i < pixels; i++) {
    if (c === 1 || c === 2) {
      const v = image.data[i * c] as number;
      out[i * 3] = v;
      out[i * 3 + 1] = v;
      out[i * 3 + 2] = v;
    } else {
      out[i * 3] = image.data[i * 4] as number;
      out[i * 3 + 1] = image.data[i * 4 + 1] as number;
      out[i * 3 + 2] = image.data[i * 4 + 2] as number;
    }
  }
  return { width: image.width, height: image.height, channels: 3, data: out };
}
