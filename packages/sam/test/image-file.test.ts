import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { decodeImageToRgb, decodeMaskImage } from "../src/node/index";

const solid = (channels: 3 | 4, background: { r: number; g: number; b: number; alpha?: number }) => sharp({ create: { width: 4, height: 3, channels, background } });

describe("decodeImageToRgb", () => {
  it("replicates 8-bit greyscale to RGB", async () => {
    const png = await solid(3, { r: 100, g: 100, b: 100 }).toColourspace("b-w").png().toBuffer();
    expect((await sharp(png).metadata()).channels).toBe(1);
    const image = await decodeImageToRgb(new Uint8Array(png));
    expect([image.width, image.height, image.channels, image.data.length]).toEqual([4, 3, 3, 36]);
    expect([...image.data.subarray(0, 3)]).toEqual([100, 100, 100]);
  });

  it("reduces 16-bit greyscale to 8 bits", async () => {
    const png = await solid(3, { r: 100, g: 100, b: 100 }).toColourspace("grey16").png().toBuffer();
    const image = await decodeImageToRgb(new Uint8Array(png));
    expect(image.channels).toBe(3);
    expect(Math.abs((image.data[0] as number) - 100)).toBeLessThanOrEqual(1);
  });

  it("drops alpha", async () => {
    const png = await solid(4, { r: 10, g: 20, b: 30, alpha: 1 }).png().toBuffer();
    const image = await decodeImageToRgb(new Uint8Array(png));
    expect([image.channels, ...image.data.subarray(0, 3)]).toEqual([3, 10, 20, 30]);
  });
});

describe("decodeMaskImage", () => {
  it("treats any non-zero first-channel value as foreground", async () => {
    const raw = Uint8Array.from([0, 255, 1, 0, 0, 0]);
    const png = await sharp(raw, { raw: { width: 3, height: 2, channels: 1 } }).png().toBuffer();
    expect([...(await decodeMaskImage(new Uint8Array(png))).data]).toEqual([0, 1, 1, 0, 0, 0]);
  });
});
