// Masks are stored as 8-bit grey PNGs (0 / 255) at image size, content-addressed in storage.
import { createHash } from "node:crypto";
import sharp from "sharp";
import type { Storage } from "@clickloop/storage";
import { decodeMaskRle, encodeMaskRle, type MaskRle } from "./annotation-mask";

export async function maskRleToPng(rle: MaskRle): Promise<Buffer> {
  const mask = decodeMaskRle(rle);
  const pixels = Buffer.alloc(mask.length);
  for (let i = 0; i < mask.length; i++) pixels[i] = mask[i] ? 255 : 0;
  return sharp(pixels, { raw: { width: rle.width, height: rle.height, channels: 1 } })
    .png({ compressionLevel: 6 })
    .toBuffer();
}

async function pngToMaskRle(png: Uint8Array): Promise<MaskRle> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const mask = new Uint8Array(info.width * info.height);
  for (let i = 0; i < mask.length; i++) mask[i] = data[i * info.channels]! >= 128 ? 1 : 0;
  return encodeMaskRle(mask, info.width, info.height);
}

/** Writes the mask PNG under a key derived from its bytes, so a retried save writes nothing new. */
export async function storeMaskPng(storage: Storage, projectId: string, rle: MaskRle): Promise<string> {
  const png = await maskRleToPng(rle);
  const sha = createHash("sha256").update(png).digest("hex");
  const key = `projects/${projectId}/masks/${sha}.png`;
  if (!(await storage.head(key))) await storage.put(key, png, { contentType: "image/png" });
  return key;
}

export async function loadMaskRle(storage: Storage, key: string): Promise<MaskRle> {
  return pngToMaskRle(await storage.get(key));
}
