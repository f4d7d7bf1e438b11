import type { Size } from "../preprocess";
import { assertEmbedding, EMBEDDING_CHANNELS, EMBEDDING_GRID, validGrid } from "./grid";

const CELLS = EMBEDDING_GRID * EMBEDDING_GRID;

/** Mean of the 256-d cell features over the valid (non-padding) region of the grid. */
export function meanPoolEmbedding(embedding: Float32Array, image: Size): Float32Array {
  assertEmbedding(embedding);
  const { columns, rows } = validGrid(image);
  const out = new Float32Array(EMBEDDING_CHANNELS);
  for (let ch = 0; ch < EMBEDDING_CHANNELS; ch++) {
    const offset = ch * CELLS;
    let sum = 0;
    for (let y = 0; y < rows; y++) for (let x = 0; x < columns; x++) sum += embedding[offset + y * EMBEDDING_GRID + x] as number;
    out[ch] = sum / (columns * rows);
  }
  return out;
}

export type DistanceMetric = "cosine" | "l2";

/** Vectors prepared for fast distances: unit length for cosine (zero vectors stay zero). */
export function prepareVectors(vectors: readonly Float32Array[], metric: DistanceMetric): Float32Array[] {
  const dims = vectors[0]?.length ?? 0;
  for (const v of vectors) if (v.length !== dims) throw new RangeError(`vectors differ in length (${v.length} vs ${dims})`);
  if (metric === "l2") return [...vectors];
  return vectors.map((v) => {
    let norm = 0;
    for (let i = 0; i < v.length; i++) norm += (v[i] as number) ** 2;
    norm = Math.sqrt(norm);
    const out = new Float32Array(v.length);
    if (norm > 0) for (let i = 0; i < v.length; i++) out[i] = (v[i] as number) / norm;
    return out;
  });
}

/** Distance between two prepared vectors: 1 − cos for cosine (0..2), Euclidean for l2. */
export function preparedDistance(a: Float32Array, b: Float32Array, metric: DistanceMetric): number {
  let acc = 0;
  if (metric === "cosine") {
    for (let i = 0; i < a.length; i++) acc += (a[i] as number) * (b[i] as number);
    return 1 - acc;
  }
  for (let i = 0; i < a.length; i++) acc += ((a[i] as number) - (b[i] as number)) ** 2;
  return Math.sqrt(acc);
}

/** Subtracts the mean vector (the component every pooled SAM embedding shares, which would dominate cosine). */
export function centreVectors(vectors: readonly Float32Array[]): Float32Array[] {
  if (vectors.length === 0) return [];
  const dims = (vectors[0] as Float32Array).length;
  const mean = new Float64Array(dims);
  for (const v of vectors) for (let i = 0; i < dims; i++) mean[i] = (mean[i] as number) + (v[i] as number) / vectors.length;
  return vectors.map((v) => {
    const out = new Float32Array(dims);
    for (let i = 0; i < dims; i++) out[i] = (v[i] as number) - (mean[i] as number);
    return out;
  });
}

export interface KCenterOptions {
  /** How many to pick (default: all). */
  count?: number;
  metric?: DistanceMetric;
  /** Indices already selected (e.g. labelled images): new picks are far from them too. */
  selected?: readonly number[];
}

export interface KCenterResult {
  /** Picked indices in pick order (excluding `selected`). */
  order: number[];
  /** Per point: distance to the nearest selected or picked point after the last pick. */
  distance: Float64Array;
}

/**
 * k-centre greedy (farthest-first traversal, the core-set selection): each pick is the point
 * farthest from everything selected so far. Deterministic: without a selected set the first pick
 * is the point nearest the centroid (the most typical one); ties go to the lowest index.
 * O(n · count) distances.
 */
export function kCenterGreedy(vectors: readonly Float32Array[], options: KCenterOptions = {}): KCenterResult {
  const metric = options.metric ?? "cosine";
  const n = vectors.length;
  const count = Math.min(options.count ?? n, n - new Set(options.selected ?? []).size);
  const points = prepareVectors(vectors, metric);
  const dims = points[0]?.length ?? 0;
  // One contiguous matrix: the distance loop below is the whole cost (n · count · dims).
  const matrix = new Float32Array(n * dims);
  points.forEach((p, i) => matrix.set(p, i * dims));
  const distance = new Float64Array(n).fill(Infinity);
  const taken = new Uint8Array(n);
  const order: number[] = [];
  const absorb = (index: number) => {
    taken[index] = 1;
    distance[index] = 0;
    const base = index * dims;
    for (let i = 0; i < n; i++) {
      if (taken[i]) continue;
      const row = i * dims;
      let acc = 0;
      if (metric === "cosine") {
        for (let k = 0; k < dims; k++) acc += (matrix[row + k] as number) * (matrix[base + k] as number);
        acc = 1 - acc;
      } else {
        for (let k = 0; k < dims; k++) acc += ((matrix[row + k] as number) - (matrix[base + k] as number)) ** 2;
        acc = Math.sqrt(acc);
      }
      if (acc < (distance[i] as number)) distance[i] = acc;
    }
  };
  for (const index of options.selected ?? []) {
    if (!Number.isInteger(index) || index < 0 || index >= n) throw new RangeError(`selected index ${index} out of range`);
    if (!taken[index]) absorb(index);
  }
  if (n === 0 || count <= 0) return { order, distance };
  if (!(options.selected ?? []).length) {
    const centroid = new Float32Array(dims);
    for (const p of points) for (let i = 0; i < dims; i++) centroid[i] = (centroid[i] as number) + (p[i] as number) / n;
    const [target] = prepareVectors([centroid], metric);
    let first = 0;
    let best = Infinity;
    for (let i = 0; i < n; i++) {
      const d = preparedDistance(points[i] as Float32Array, target as Float32Array, metric);
      if (d < best) {
        best = d;
        first = i;
      }
    }
    order.push(first);
    absorb(first);
  }
  while (order.length < count) {
    let next = -1;
    for (let i = 0; i < n; i++) if (!taken[i] && (next < 0 || (distance[i] as number) > (distance[next] as number))) next = i;
    if (next < 0) break;
    order.push(next);
    absorb(next);
  }
  return { order, distance };
}
