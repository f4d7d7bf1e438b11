import { convertIndexedToRgb, decode, encode } from "fast-png";
import type { BinaryMask } from "../mask/binary-mask";

/** Encodes a mask as an 8-bit greyscale PNG (0 / 255), viewable anywhere and browser-safe. */
export function encodeMaskPng(mask: BinaryMask): Uint8Array {
  const data = new Uint8Array(mask.data.length);
  for (let i = 0; i < data.length; i++) data[i] = mask.data[i] ? 255 : 0;
  return encode({ width: mask.width, height: mask.height, data, depth: 8, channels: 1 });
}

/**
 * Decodes a mask PNG of any colour type/bit depth: a pixel is foreground when its first channel
 * (grey or red, after palette lookup) is non-zero.
 */
export function decodeMaskPng(bytes: Uint8Array): BinaryMask {
  const png = decode(bytes);
  const pixels = png.width * png.height;
  const mask = new Uint8Array(pixels);
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    const channels = rgb.length / pixels;
    for (let i = 0; i < pixels; i++) mask[i] = rgb[i * channels] ? 1 : 0;
  } else {
    for (let i = 0; i < pixels; i++) mask[i] = png.data[i * png.channels] ? 1 : 0;
  }
  return { width: png.width, height: png.height, data: mask };
}
