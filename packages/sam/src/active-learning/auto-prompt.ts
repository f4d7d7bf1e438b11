import type { Click } from "../decoder";
import type { Size } from "../preprocess";
import { meanPoolEmbedding } from "./diversity";
import { assertEmbedding, CELL_SIZE, EMBEDDING_CHANNELS, EMBEDDING_GRID, validGrid } from "./grid";

const CELLS = EMBEDDING_GRID * EMBEDDING_GRID;

export interface SimilarityMap {
  /** Cosine similarity per cell, row-major `y * 64 + x`; NaN outside the valid region. */
  values: Float32Array;
  /** Valid region: the top-left `columns × rows` cells. */
  columns: number;
  rows: number;
}

export interface SimilarityOptions {
  /** Box-filter radius in cells applied to the map (default 1 = 3×3; 0 = none): one speckled cell must not win. */
  smoothing?: number;
}

/**
 * Cosine similarity of every valid cell's 256-d feature with the prototype (SAM³'s automatic
 * module), on features centred by the image's own mean-pooled embedding (the prototype is built
 * the same way, see `centredMaskedAverage`), then box-smoothed.
 */
export function similarityMap(embedding: Float32Array, prototype: Float32Array, image: Size, options: SimilarityOptions = {}): SimilarityMap {
  assertEmbedding(embedding);
  if (prototype.length !== EMBEDDING_CHANNELS) throw new RangeError(`prototype has ${prototype.length} values, expected 256`);
  const { columns, rows } = validGrid(image);
  const mean = meanPoolEmbedding(embedding, image);
  let prototypeNorm = 0;
  for (let ch = 0; ch < EMBEDDING_CHANNELS; ch++) prototypeNorm += (prototype[ch] as number) ** 2;
  prototypeNorm = Math.sqrt(prototypeNorm);
  const dot = new Float64Array(CELLS);
  const norm = new Float64Array(CELLS);
  // Channel-outer loop: the embedding is CHW, so this reads it sequentially.
  for (let ch = 0; ch < EMBEDDING_CHANNELS; ch++) {
    const p = prototype[ch] as number;
    const m = mean[ch] as number;
    const offset = ch * CELLS;
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < columns; x++) {
        const c = y * EMBEDDING_GRID + x;
        const v = (embedding[offset + c] as number) - m;
        dot[c] = (dot[c] as number) + v * p;
        norm[c] = (norm[c] as number) + v * v;
      }
    }
  }
  const raw = new Float32Array(CELLS).fill(Number.NaN);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const c = y * EMBEDDING_GRID + x;
      const denominator = Math.sqrt(norm[c] as number) * prototypeNorm;
      raw[c] = denominator > 0 ? (dot[c] as number) / denominator : 0;
    }
  }
  const radius = options.smoothing ?? 1;
  return { values: radius > 0 ? boxSmooth(raw, columns, rows, radius) : raw, columns, rows };
}

/** Mean over the (2r+1)² neighbourhood clipped to the valid region. */
function boxSmooth(values: Float32Array, columns: number, rows: number, radius: number): Float32Array {
  const out = new Float32Array(CELLS).fill(Number.NaN);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      let sum = 0;
      let count = 0;
      for (let yy = Math.max(0, y - radius); yy <= Math.min(rows - 1, y + radius); yy++) {
        for (let xx = Math.max(0, x - radius); xx <= Math.min(columns - 1, x + radius); xx++) {
          sum += values[yy * EMBEDDING_GRID + xx] as number;
          count++;
        }
      }
      out[y * EMBEDDING_GRID + x] = sum / count;
    }
  }
  return out;
}

/** Image pixel (integer, inside the image) at the centre of a grid cell, clipped to the resized image. */
export function cellCentreInImage(cell: number, image: Size): { x: number; y: number } {
  const { resized } = validGrid(image);
  const gx = cell % EMBEDDING_GRID;
  const gy = Math.floor(cell / EMBEDDING_GRID);
  // A bottom/right edge cell is partly padding: use the centre of its part inside the image.
  const mx = (gx * CELL_SIZE + Math.min((gx + 1) * CELL_SIZE, resized.width)) / 2;
  const my = (gy * CELL_SIZE + Math.min((gy + 1) * CELL_SIZE, resized.height)) / 2;
  return {
    x: Math.min(image.width - 1, Math.max(0, Math.floor((mx * image.width) / resized.width))),
    y: Math.min(image.height - 1, Math.max(0, Math.floor((my * image.height) / resized.height))),
  };
}

export interface AutoClickOptions extends SimilarityOptions {
  /** Negative clicks at the lowest-similarity cells (default 0). */
  negatives?: number;
  /** Minimum Chebyshev distance in cells between a negative and every other auto click (default 4). */
  minSeparation?: number;
}

export interface AutoClicks {
  /** The positive click first, then the negatives; image pixels. */
  clicks: Click[];
  /** Similarity of the positive click's cell (how target-like the best cell is). */
  maxSimilarity: number;
  map: SimilarityMap;
}

/**
 * docs/method.md §5 automatic prompt: a positive click at the most prototype-like cell (ties: the first in
 * row-major order) and optional negatives at the least similar cells, spread apart, all inside
 * the image.
 */
export function autoClicks(
  input: { embedding: Float32Array; prototype: Float32Array; width: number; height: number },
  options: AutoClickOptions = {},
): AutoClicks {
  const image = { width: input.width, height: input.height };
  const map = similarityMap(input.embedding, input.prototype, image, options);
  const negatives = options.negatives ?? 0;
  const separation = options.minSeparation ?? 4;
  if (!Number.isInteger(negatives) || negatives < 0) throw new RangeError(`negatives must be a non-negative integer, got ${negatives}`);
  const valid: number[] = [];
  for (let y = 0; y < map.rows; y++) for (let x = 0; x < map.columns; x++) valid.push(y * EMBEDDING_GRID + x);
  let best = valid[0] as number;
  for (const c of valid) if ((map.values[c] as number) > (map.values[best] as number)) best = c;
  const chosen = [best];
  const clicks: Click[] = [{ ...cellCentreInImage(best, image), label: 1 }];
  if (negatives > 0) {
    const ascending = [...valid].sort((a, b) => (map.values[a] as number) - (map.values[b] as number) || a - b);
    const far = (c: number) =>
      chosen.every((o) => Math.max(Math.abs((c % EMBEDDING_GRID) - (o % EMBEDDING_GRID)), Math.abs(Math.floor(c / EMBEDDING_GRID) - Math.floor(o / EMBEDDING_GRID))) >= separation);
    for (const c of ascending) {
      if (clicks.length > negatives) break;
      if (!far(c)) continue;
      chosen.push(c);
      clicks.push({ ...cellCentreInImage(c, image), label: 0 });
    }
  }
  return { clicks, maxSimilarity: map.values[best] as number, map };
}
