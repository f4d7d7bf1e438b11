import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { decodeMaskImage, type ImageEmbedder } from "@clickloop/sam/node";
import type { TrainingSample } from "./sample-step";

/** Node only. Ids of a benchmark folder: `images/<id>.png` that have a `masks/<id>.png`, sorted. */
export async function listFolderIds(dataDir: string): Promise<string[]> {
  const images = (await readdir(path.join(dataDir, "images"))).filter((f) => f.endsWith(".png"));
  const masks = new Set(await readdir(path.join(dataDir, "masks")));
  return images
    .filter((f) => masks.has(f))
    .map((f) => f.slice(0, -".png".length))
    .sort();
}

const EMBEDDING_VALUES = 256 * 64 * 64;

/**
 * Loads samples (embedding + mask) from a folder. Embeddings are computed once with the real
 * encoder and cached as raw float32 under `<cacheDir>/<encoderId>/<id>-<sha256(image)[:16]>.f32`,
 * so a changed image or encoder never reuses a stale embedding.
 */
export async function loadFolderSamples(
  dataDir: string,
  ids: readonly string[],
  encoder: { readonly encoderId: string; readonly open: () => Promise<ImageEmbedder> },
  cacheDir: string,
  onSample?: (done: number, total: number, cached: boolean) => void,
): Promise<TrainingSample[]> {
  const dir = path.join(cacheDir, encoder.encoderId);
  let embedder: Promise<ImageEmbedder> | undefined; // opened only when something is not cached
  await mkdir(dir, { recursive: true });
  const samples: TrainingSample[] = [];
  for (const [i, id] of ids.entries()) {
    const imageBytes = await readFile(path.join(dataDir, "images", `${id}.png`));
    const mask = await decodeMaskImage(await readFile(path.join(dataDir, "masks", `${id}.png`)));
    const file = path.join(dir, `${id}-${createHash("sha256").update(imageBytes).digest("hex").slice(0, 16)}.f32`);
    const cached = existsSync(file);
    let embedding: Float32Array;
    if (cached) {
      const bytes = await readFile(file);
      embedding = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      if (embedding.length !== EMBEDDING_VALUES) throw new Error(`${file}: ${embedding.length} values, expected ${EMBEDDING_VALUES}`);
    } else {
      embedder ??= encoder.open();
      const computed = await (await embedder).embedImage(imageBytes);
      if (computed.width !== mask.width || computed.height !== mask.height) {
        throw new Error(`${id}: image ${computed.width}x${computed.height} != mask ${mask.width}x${mask.height}`);
      }
      embedding = computed.data;
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, new Uint8Array(embedding.buffer, embedding.byteOffset, embedding.byteLength));
      await rename(temp, file);
    }
    samples.push({ id, embedding, mask: mask.data, width: mask.width, height: mask.height });
    onSample?.(i + 1, ids.length, cached);
  }
  if (embedder) await (await embedder).release();
  return samples;
}
