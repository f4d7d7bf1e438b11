import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { generatePhantom } from "../src/index";
import { phantomPng, writePhantomFolder } from "../src/node";

async function decodeGray(png: Buffer): Promise<{ pixels: Buffer; width: number; height: number; channels: number }> {
  const { data, info } = await sharp(png).toColourspace("b-w").raw().toBuffer({ resolveWithObject: true });
  const { channels } = await sharp(png).metadata();
  expect(channels).toBe(1);
  return { pixels: data, width: info.width, height: info.height, channels: info.channels };
}

describe("phantom PNG output", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("encodes the image and a 0/255 mask losslessly as single-channel PNGs", async () => {
    const options = { seed: 5, width: 160, height: 128 } as const;
    const { image, mask } = await phantomPng(options);
    const phantom = generatePhantom(options);
    const decodedImage = await decodeGray(image);
    const decodedMask = await decodeGray(mask);
    expect(decodedImage).toMatchObject({ width: 160, height: 128, channels: 1 });
    expect(decodedMask).toMatchObject({ width: 160, height: 128, channels: 1 });
    expect(decodedImage.pixels.equals(Buffer.from(phantom.gray))).toBe(true);
    expect(decodedMask.pixels.equals(Buffer.from(phantom.mask.map((v) => v * 255)))).toBe(true);
  });

  it("writes images/<id>.png and masks/<id>.png, reproducibly", async () => {
    const dirA = await mkdtemp(path.join(os.tmpdir(), "phantom-a-"));
    const dirB = await mkdtemp(path.join(os.tmpdir(), "phantom-b-"));
    dirs.push(dirA, dirB);
    const ids = await writePhantomFolder(dirA, 3, 9);
    await writePhantomFolder(dirB, 3, 9);
    expect(new Set(ids).size).toBe(3);
    const expected = ids.map((id) => `${id}.png`).sort();
    expect((await readdir(path.join(dirA, "images"))).sort()).toEqual(expected);
    expect((await readdir(path.join(dirA, "masks"))).sort()).toEqual(expected);
    for (const name of expected) {
      const a = await readFile(path.join(dirA, "images", name));
      const b = await readFile(path.join(dirB, "images", name));
      expect(a.equals(b)).toBe(true);
    }
    const first = await readFile(path.join(dirA, "images", expected[0] as string));
    const second = await readFile(path.join(dirA, "images", expected[1] as string));
    expect(first.equals(second)).toBe(false);
  });
});
