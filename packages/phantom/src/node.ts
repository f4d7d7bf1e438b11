import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { generatePhantom, type Phantom, type PhantomOptions } from "./phantom";

function grayPng(pixels: Uint8Array, width: number, height: number): Promise<Buffer> {
  return sharp(Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength), { raw: { width, height, channels: 1 } })
    .toColourspace("b-w") // otherwise sharp widens single-channel input to sRGB
    .png()
    .toBuffer();
}

/** The phantom's image and its mask (0/255) as single-channel PNGs. */
export async function phantomPng(options: PhantomOptions): Promise<{ image: Buffer; mask: Buffer; phantom: Phantom }> {
  const phantom = generatePhantom(options);
  const mask255 = phantom.mask.map((v) => (v ? 255 : 0));
  const [image, mask] = await Promise.all([
    grayPng(phantom.gray, phantom.width, phantom.height),
    grayPng(mask255, phantom.width, phantom.height),
  ]);
  return { image, mask, phantom };
}

/** File stem for the i-th phantom of a folder: sortable and unique per seed. */
export function phantomId(seed: number, index: number): string {
  return `phantom_${seed}_${String(index).padStart(4, "0")}`;
}

/**
 * Writes `n` phantoms as `<dir>/images/<id>.png` and `<dir>/masks/<id>.png`
 * (the layout `pnpm data:import` and the benchmarks read). Returns the ids.
 */
export async function writePhantomFolder(
  dir: string,
  n: number,
  seed = 1,
  options: Omit<PhantomOptions, "seed"> = {},
): Promise<string[]> {
  await mkdir(path.join(dir, "images"), { recursive: true });
  await mkdir(path.join(dir, "masks"), { recursive: true });
  const ids: string[] = [];
  for (let index = 0; index < n; index++) {
    const id = phantomId(seed, index);
    const { image, mask } = await phantomPng({ ...options, seed: `${seed}:${index}` });
    await writeFile(path.join(dir, "images", `${id}.png`), image);
    await writeFile(path.join(dir, "masks", `${id}.png`), mask);
    ids.push(id);
  }
  return ids;
}
