import sharp from "sharp";

/** A unique noise image (different seed → different bytes → different SHA-256). */
export async function makeImage(seed: number, format: "png" | "jpeg" = "png", width = 64, height = 48): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height);
  let state = seed * 2654435761 + 1;
  for (let i = 0; i < pixels.length; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    pixels[i] = state & 0xff;
  }
  const image = sharp(pixels, { raw: { width, height, channels: 1 } });
  return format === "png" ? image.png().toBuffer() : image.jpeg({ quality: 90 }).toBuffer();
}
