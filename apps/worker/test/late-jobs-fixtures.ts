import sharp from "sharp";

/** A small unique noise PNG (different seed → different SHA-256). */
export async function makeNoisePng(seed: number): Promise<Buffer> {
  const width = 96;
  const height = 80;
  const pixels = Buffer.alloc(width * height);
  let state = seed * 2654435761 + 7;
  for (let i = 0; i < pixels.length; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    pixels[i] = state & 0xff;
  }
  return sharp(pixels, { raw: { width, height, channels: 1 } }).png().toBuffer();
}
