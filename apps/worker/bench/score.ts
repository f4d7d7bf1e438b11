// `pnpm bench:score`: throughput of the al.score job's per-image work on this machine — read the
// stored float16 embedding, auto-prompt from the prototype, one pass of a deployed-size multimask
// decoder (SAMCA adapters, rank 32, as a round exports it), the four uncertainty parts, the
// pre-annotation PNG — plus ranking a 1,000-image generation for all three strategies. Prints the
// images/s and the projected time to re-score 1,000 images; writes bench/results/score.json.
// Usage: pnpm bench:score [--data <folder>] [--n 24] [--labelled 8] [--threads <n>] [--out <dir>]
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { LocalStorage } from "@clickloop/storage";
import { decodeEmbedding, encodeEmbedding } from "@clickloop/sam";
import { createImageEmbedder, decodeMaskImage } from "@clickloop/sam/node";
import { meanPoolEmbedding, PrototypeAccumulator, scoreImage } from "@clickloop/sam/active-learning";
import { phantomPng } from "@clickloop/phantom/node";
import { exportDecoderOnnx, SamDecoder, selectBackend } from "@clickloop/sam-tf";
import { listFolderIds, nodeOnnxRuntime } from "@clickloop/sam-tf/train";
import { BENCH_RESULTS_DIR, meanStd, parseBenchArgs, percentile, writeBenchReport } from "@clickloop/sam/bench";
import { storePreAnnotation } from "../src/scoring/pre-annotation";
import { rankGeneration } from "../src/scoring/run";
import type { GenerationRow } from "../src/scoring/generation";

const argsSchema = z.object({
  data: z.string().optional(),
  n: z.coerce.number().int().min(2).max(2000).default(24),
  labelled: z.coerce.number().int().min(1).max(500).default(8),
  threads: z.coerce.number().int().min(1).max(64).optional(),
  out: z.string().optional(),
});

interface Item {
  id: string;
  image: Uint8Array;
  mask: Uint8Array;
}

async function loadItems(args: z.infer<typeof argsSchema>): Promise<{ items: Item[]; source: string }> {
  const count = args.n + args.labelled;
  if (args.data) {
    const dir = args.data;
    const ids = (await listFolderIds(dir)).slice(0, count);
    const items = await Promise.all(
      ids.map(async (id) => ({
        id,
        image: new Uint8Array(await fs.readFile(path.join(dir, "images", `${id}.png`))),
        mask: new Uint8Array(await fs.readFile(path.join(dir, "masks", `${id}.png`))),
      })),
    );
    return { items, source: args.data };
  }
  const items: Item[] = [];
  for (let i = 0; i < count; i++) {
    const { image, mask } = await phantomPng({ seed: `bench-score:${i}`, width: 560, height: 460, lesions: 1 });
    items.push({ id: `phantom-${i}`, image, mask });
  }
  return { items, source: "phantoms 560x460 (packages/phantom)" };
}

const args = argsSchema.parse(Object.fromEntries(parseBenchArgs()));
const { items, source } = await loadItems(args);
const storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "bench-score-"));
const storage = new LocalStorage(storageDir);

// Embeddings exist before scoring (the embed job): computed here once, stored as float16 like the job.
const embedder = await createImageEmbedder();
const stored: { id: string; bytes: Uint8Array; shape: number[]; width: number; height: number; mask: Uint8Array }[] = [];
const encodeStart = performance.now();
for (const item of items) {
  const computed = await embedder.embedImage(item.image);
  stored.push({ id: item.id, bytes: encodeEmbedding(computed.data, "float16"), shape: [...computed.shape], width: computed.width, height: computed.height, mask: item.mask });
}
const encodeMs = performance.now() - encodeStart;
await embedder.release();

// The prototype from the "accepted" images.
const accumulator = new PrototypeAccumulator();
const labelled: Float32Array[] = [];
for (const s of stored.slice(0, args.labelled)) {
  const data = decodeEmbedding(s.bytes, s.shape, "float16");
  accumulator.add({ embedding: data, mask: await decodeMaskImage(s.mask) });
  labelled.push(meanPoolEmbedding(data, s));
}
const prototype = accumulator.prototype();
if (!prototype) throw new Error("no prototype: the labelled masks cover no embedding cell");

await selectBackend({ log: () => undefined });
const tfDecoder = new SamDecoder({ adapterRank: 32, seed: 1 });
const multimask = exportDecoderOnnx(tfDecoder, { fusion: { lambda: 1, mu: 1 }, multimask: true });
tfDecoder.dispose();
const decoder = await nodeOnnxRuntime(multimask, args.threads);

const perImage: number[] = [];
const stages = { decodeEmbedding: [] as number[], scoreImage: [] as number[], storePng: [] as number[] };
const rows: GenerationRow[] = [];
const unlabeled = stored.slice(args.labelled);
// One warm-up pass (session initialisation), not timed.
await scoreImage({ decoder, embedding: decodeEmbedding(unlabeled[0]!.bytes, unlabeled[0]!.shape, "float16"), width: unlabeled[0]!.width, height: unlabeled[0]!.height, prototype });
for (const s of unlabeled) {
  const t0 = performance.now();
  const data = decodeEmbedding(s.bytes, s.shape, "float16");
  const t1 = performance.now();
  const result = await scoreImage({ decoder, embedding: data, width: s.width, height: s.height, prototype });
  const t2 = performance.now();
  if (result.preAnnotation) await storePreAnnotation(storage, "bench", result.preAnnotation.mask);
  const t3 = performance.now();
  stages.decodeEmbedding.push(t1 - t0);
  stages.scoreImage.push(t2 - t1);
  stages.storePng.push(t3 - t2);
  perImage.push(t3 - t0);
  rows.push({ imageId: s.id, uploadedAt: new Date(rows.length), pooled: Array.from(result.pooled), ...result.parts! });
}
await decoder.session.release();

// Ranking a 1,000-image generation: the measured rows repeated with jittered pooled vectors.
const thousand: GenerationRow[] = Array.from({ length: 1000 }, (_, i) => {
  const row = rows[i % rows.length]!;
  return { ...row, imageId: `${row.imageId}#${i}`, uploadedAt: new Date(i), pooled: row.pooled.map((v, k) => v + 1e-3 * Math.sin(i * 7 + k)) };
});
const rankStart = performance.now();
rankGeneration(thousand, labelled, 1);
const rankMs = performance.now() - rankStart;
await fs.rm(storageDir, { recursive: true, force: true });

const mean = meanStd(perImage).mean;
const imagesPerSecond = 1000 / mean;
// DB writes (one insert + one progress update per image, one ranked update at the end) are not
// part of this loop: a few ms per image on a local PostgreSQL.
const projected1000s = (1000 * mean + rankMs) / 1000;
const summarize = (ms: number[]) => ({ meanMs: meanStd(ms).mean, medianMs: percentile(ms, 50), p95Ms: percentile(ms, 95) });
const results = {
  args: { ...args, data: args.data ?? null },
  source,
  images: unlabeled.length,
  labelled: args.labelled,
  decoder: "SamDecoder adapterRank 32, multimask, onnxruntime-node" + (args.threads ? ` (${args.threads} threads)` : " (default threads)"),
  perImage: summarize(perImage),
  stages: { decodeEmbedding: summarize(stages.decodeEmbedding), scoreImage: summarize(stages.scoreImage), storePng: summarize(stages.storePng) },
  rank1000Ms: rankMs,
  imagesPerSecond,
  projected1000ImagesSeconds: projected1000s,
  goal1000ImagesSeconds: 180,
  encodeMsPerImage: encodeMs / items.length,
};
console.table({
  "per image (mean ms)": mean.toFixed(1),
  "decoder + parts (mean ms)": results.stages.scoreImage.meanMs.toFixed(1),
  "embedding decode (mean ms)": results.stages.decodeEmbedding.meanMs.toFixed(1),
  "pre-annotation PNG (mean ms)": results.stages.storePng.meanMs.toFixed(1),
  "rank 1,000 (ms)": rankMs.toFixed(0),
  "images / s": imagesPerSecond.toFixed(2),
  "projected 1,000 images (s)": projected1000s.toFixed(0),
  "goal (s)": 180,
});
console.log(`wrote ${writeBenchReport(args.out ?? BENCH_RESULTS_DIR, "score", results)}`);
