import sharp from "sharp";
import type { RawImage } from "../image";

/**
 * Decodes image bytes (PNG, JPEG, …) to 8-bit RGB pixels. EXIF orientation is applied so pixels
 * match what a browser shows; 16-bit images are reduced to 8 bits.
 */
export async function decodeImageToRgb(bytes: Uint8Array): Promise<RawImage> {
  const { data, info } = await sharp(bytes).rotate().removeAlpha().toColourspace("srgb").raw({ depth: "uchar" }).toBuffer({
    resolveWithObject: true,
  });
  if (info.channels !== 3) throw new Error(`expected 3 channels after decoding, got ${info.channels}`);
  return { width: info.width, height: info.height, channels: 3, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** Decodes a mask image (any non-zero pixel of the first channel is foreground). */
export async function decodeMaskImage(bytes: Uint8Array): Promise<{ width: number; height: number; data: Uint8Array }> {
  const { data, info } = await sharp(bytes).extractChannel(0).raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
  const mask = new Uint8Array(info.width * info.height);
  for (let i = 0; i < mask.length; i++) mask[i] = data[i] ? 1 : 0;
  return { width: info.width, height: info.height, data: mask };
}
