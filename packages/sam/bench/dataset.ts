// A benchmark data folder: `images/<id>.png` + `masks/<id>.png`, split by docs/method.md §4's FNV-1a rule.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { splitOf } from "../src/eval/split";

export type SplitChoice = "all" | "test" | "train";

export async function listDatasetIds(dataDir: string, split: SplitChoice, limit?: number): Promise<string[]> {
  const [images, masks] = await Promise.all([readdir(path.join(dataDir, "images")), readdir(path.join(dataDir, "masks"))]);
  const withMask = new Set(masks.filter((f) => f.endsWith(".png")).map((f) => f.slice(0, -4)));
  const ids = images
    .filter((f) => f.endsWith(".png"))
    .map((f) => f.slice(0, -4))
    .filter((id) => withMask.has(id) && (split === "all" || splitOf(id) === split))
    .sort();
  return limit === undefined ? ids : ids.slice(0, limit);
}

export async function readDatasetItem(dataDir: string, id: string): Promise<{ image: Uint8Array; mask: Uint8Array }> {
  const [image, mask] = await Promise.all([
    readFile(path.join(dataDir, "images", `${id}.png`)),
    readFile(path.join(dataDir, "masks", `${id}.png`)),
  ]);
  return { image: new Uint8Array(image), mask: new Uint8Array(mask) };
}
