import { fnv1a32 } from "../eval/split";
import { centreVectors, kCenterGreedy, prepareVectors, type DistanceMetric } from "./diversity";

/** Queue ordering strategies of a project (docs/method.md §5). */
export const QUEUE_STRATEGIES = ["uncertainty", "diversity", "random", "upload"] as const;
export type QueueStrategy = (typeof QUEUE_STRATEGIES)[number];

/** One unlabeled image as the ordering sees it. */
export interface QueueImage {
  id: string;
  /** Upload time (any monotone number, e.g. ms since epoch); `upload` order and the fallback order. */
  uploadedAt?: number;
  /** Mean-pooled embedding (`meanPoolEmbedding`); null/absent while not embedded. */
  pooled?: Float32Array | null;
  /** Combined uncertainty (`rankAverage`, higher first); null/absent while not scored. */
  score?: number | null;
}

export interface OrderOptions {
  /** `random`: the project's seed (default 1). */
  seed?: number;
  /** `uncertainty`: images served together; the diversity term acts within a batch (default 20). */
  batchSize?: number;
  /** `uncertainty`: penalty per unit of cosine similarity to the batch's picks (default 0.5; scores span [0, 1]). */
  diversityWeight?: number;
  /** `uncertainty`: each batch is chosen from the `candidateFactor × batchSize` best remaining (default 4). */
  candidateFactor?: number;
  /** `diversity`: pooled embeddings of labelled images (new picks are far from them too). */
  labelled?: readonly Float32Array[];
  /** `diversity`: k-centre greedy picks before the rest follows by distance to the picks (default 200, keeps it O(n · limit)). */
  diversityLimit?: number;
  /** `diversity` distance (default cosine on embeddings centred over the set). */
  metric?: DistanceMetric;
}

/** Rank 0 is served first. */
export interface QueueRank {
  id: string;
  rank: number;
}

const byUpload = (a: QueueImage, b: QueueImage) =>
  (a.uploadedAt ?? Infinity) - (b.uploadedAt ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function ranked(ids: readonly string[]): QueueRank[] {
  return ids.map((id, rank) => ({ id, rank }));
}

/** Stable per id (adding images never reshuffles the others): FNV-1a of `seed:id`. */
function randomOrder(images: readonly QueueImage[], seed: number): string[] {
  return images
    .map((image) => ({ id: image.id, key: fnv1a32(`${seed}:${image.id}`) }))
    .sort((a, b) => a.key - b.key || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((x) => x.id);
}

function diversityOrder(images: readonly QueueImage[], options: OrderOptions): string[] {
  const embedded = images.filter((image) => image.pooled);
  const rest = images.filter((image) => !image.pooled).sort(byUpload);
  const labelled = options.labelled ?? [];
  const metric = options.metric ?? "cosine";
  const raw = [...embedded.map((image) => image.pooled as Float32Array), ...labelled];
  const vectors = metric === "cosine" ? centreVectors(raw) : raw;
  const selected = labelled.map((_, i) => embedded.length + i);
  const limit = Math.min(options.diversityLimit ?? 200, embedded.length);
  const { order, distance } = kCenterGreedy(vectors, { count: limit, metric, selected });
  const picked = new Set(order);
  // Past the limit: farthest from everything picked first (the greedy's own next candidates).
  const tail = embedded
    .map((_, i) => i)
    .filter((i) => !picked.has(i))
    .sort((a, b) => (distance[b] as number) - (distance[a] as number) || a - b);
  return [...order, ...tail].map((i) => (embedded[i] as QueueImage).id).concat(rest.map((image) => image.id));
}

/**
 * Highest score first, chosen batch by batch: from the best `candidateFactor × batchSize`
 * remaining, greedily pick the image maximising `score − diversityWeight × max cos-similarity` to
 * the picks of this batch and the previous one. O(n · candidateFactor · batchSize) similarities.
 */
function uncertaintyOrder(images: readonly QueueImage[], options: OrderOptions): string[] {
  const batch = options.batchSize ?? 20;
  const weight = options.diversityWeight ?? 0.5;
  const factor = options.candidateFactor ?? 4;
  if (!(Number.isInteger(batch) && batch >= 1)) throw new RangeError(`batchSize must be a positive integer, got ${batch}`);
  const scored = images
    .filter((image) => typeof image.score === "number")
    .sort((a, b) => (b.score as number) - (a.score as number) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const image of scored) if (!Number.isFinite(image.score)) throw new RangeError(`score of ${image.id} is not finite`);
  const rest = images.filter((image) => typeof image.score !== "number").sort(byUpload);
  // Cosine of embeddings centred over the scored set; an image without one is similar to nothing.
  const withPooled = scored.filter((image) => image.pooled);
  const centred = prepareVectors(centreVectors(withPooled.map((image) => image.pooled as Float32Array)), "cosine");
  const dims = centred[0]?.length ?? 0;
  const matrix = new Float32Array(scored.length * dims); // unit rows; zero for images without an embedding
  let k = 0;
  scored.forEach((image, i) => {
    if (image.pooled) matrix.set(centred[k++] as Float32Array, i * dims);
  });
  const cosine = (a: number, b: number) => {
    let acc = 0;
    for (let d = 0, ra = a * dims, rb = b * dims; d < dims; d++) acc += (matrix[ra + d] as number) * (matrix[rb + d] as number);
    return acc;
  };
  const out: string[] = [];
  let window: number[] = [];
  let next = 0;
  let previous: number[] = [];
  while (out.length < scored.length) {
    while (window.length < batch * factor && next < scored.length) window.push(next++);
    const picks: number[] = [];
    const penalty = new Float64Array(window.length);
    const similarityTo = (p: number) => {
      for (let w = 0; w < window.length; w++) {
        const s = cosine(window[w] as number, p);
        if (s > (penalty[w] as number)) penalty[w] = s;
      }
    };
    if (weight > 0) for (const p of previous) similarityTo(p);
    const used = new Uint8Array(window.length);
    while (picks.length < batch && picks.length < window.length) {
      let best = -1;
      let bestValue = -Infinity;
      for (let w = 0; w < window.length; w++) {
        if (used[w]) continue;
        const value = (scored[window[w] as number]?.score as number) - weight * (penalty[w] as number);
        if (value > bestValue) {
          bestValue = value;
          best = w;
        }
      }
      used[best] = 1;
      const index = window[best] as number;
      picks.push(index);
      if (weight > 0) similarityTo(index);
    }
    for (const p of picks) out.push((scored[p] as QueueImage).id);
    window = window.filter((_, w) => !used[w]);
    previous = picks;
  }
  return out.concat(rest.map((image) => image.id));
}

/**
 * The queue order of all unlabeled images of a project under `strategy` (rank 0 first). Images
 * the strategy cannot place yet (not scored / not embedded) follow in upload order.
 */
export function orderQueue(strategy: QueueStrategy, images: readonly QueueImage[], options: OrderOptions = {}): QueueRank[] {
  const ids = new Set<string>();
  for (const image of images) {
    if (ids.has(image.id)) throw new RangeError(`duplicate image id ${image.id}`);
    ids.add(image.id);
  }
  switch (strategy) {
    case "upload":
      return ranked([...images].sort(byUpload).map((image) => image.id));
    case "random":
      return ranked(randomOrder(images, options.seed ?? 1));
    case "diversity":
      return ranked(diversityOrder(images, options));
    case "uncertainty":
      return ranked(uncertaintyOrder(images, options));
  }
}
