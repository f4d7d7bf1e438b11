import type { BinaryMask } from "../mask/binary-mask";
import { meanPoolEmbedding } from "./diversity";
import { assertEmbedding, CELL_SIZE, EMBEDDING_CHANNELS, EMBEDDING_GRID, validGrid } from "./grid";

/** An embedding with an accepted mask of its image (image-size, row-major, non-zero = target). */
export interface PrototypeSample {
  /** CHW 256×64×64 float32 (the `[1, 256, 64, 64]` embedding's data). */
  embedding: Float32Array;
  mask: BinaryMask;
}

// Sub-samples per cell axis when measuring how much of a cell a mask covers.
const SUBSAMPLES = 4;
const CELLS = EMBEDDING_GRID * EMBEDDING_GRID;

/**
 * How much of each 64×64 embedding cell an image-size mask covers (0..1, row-major `y * 64 + x`).
 * Each cell is a 16×16 square of SAM's 1024 frame; it is sampled on a 4×4 sub-grid mapped back to
 * image pixels (SAM's resize-longest-side), and sub-samples in the bottom/right padding count as
 * background, so cells outside the image's valid region are always 0.
 */
export function maskToGridWeights(mask: BinaryMask): Float32Array {
  const { width, height, data } = mask;
  if (data.length !== width * height) throw new RangeError(`mask has ${data.length} pixels, expected ${width}x${height}`);
  const grid = validGrid(mask);
  const { resized } = grid;
  const weights = new Float32Array(CELLS);
  const step = CELL_SIZE / SUBSAMPLES;
  for (let gy = 0; gy < grid.rows; gy++) {
    for (let gx = 0; gx < grid.columns; gx++) {
      let hits = 0;
      for (let sy = 0; sy < SUBSAMPLES; sy++) {
        const my = gy * CELL_SIZE + (sy + 0.5) * step;
        if (my >= resized.height) break;
        const y = Math.min(height - 1, Math.floor((my * height) / resized.height));
        for (let sx = 0; sx < SUBSAMPLES; sx++) {
          const mx = gx * CELL_SIZE + (sx + 0.5) * step;
          if (mx >= resized.width) break;
          const x = Math.min(width - 1, Math.floor((mx * width) / resized.width));
          if (data[y * width + x]) hits++;
        }
      }
      weights[gy * EMBEDDING_GRID + gx] = hits / (SUBSAMPLES * SUBSAMPLES);
    }
  }
  return weights;
}

/** Masked global average pooling (PANet): Σ w·e / Σ w over the cells; null when the weights are all 0. */
export function maskedAverage(embedding: Float32Array, weights: Float32Array): Float32Array | null {
  assertEmbedding(embedding);
  let total = 0;
  for (let c = 0; c < CELLS; c++) total += weights[c] as number;
  if (total <= 0) return null;
  const out = new Float32Array(EMBEDDING_CHANNELS);
  for (let ch = 0; ch < EMBEDDING_CHANNELS; ch++) {
    const offset = ch * CELLS;
    let sum = 0;
    for (let c = 0; c < CELLS; c++) {
      const w = weights[c] as number;
      if (w !== 0) sum += w * (embedding[offset + c] as number);
    }
    out[ch] = sum / total;
  }
  return out;
}

/**
 * One image's contribution to the prototype: its masked average minus its own mean-pooled
 * embedding. SAM's cell features share a large image-wide component (raw cosine similarity is
 * ≈ 0.95 between any two cells), so features are compared after removing it; null for an empty mask.
 */
export function centredMaskedAverage(sample: PrototypeSample): Float32Array | null {
  const average = maskedAverage(sample.embedding, maskToGridWeights(sample.mask));
  if (!average) return null;
  const mean = meanPoolEmbedding(sample.embedding, sample.mask);
  return average.map((v, ch) => v - (mean[ch] as number));
}

/** Serializable state of a prototype being accumulated (store it to add masks later). */
export interface PrototypeState {
  /** Sum of the per-image masked averages (256 values). */
  sum: number[];
  /** Images added (with a non-empty mask). */
  count: number;
}

/**
 * The target-class prototype, built one accepted mask at a time: the mean over images of each
 * image's centred masked average (`centredMaskedAverage`; each image counts once, whatever the
 * lesion's size). Compare it with centred features (`similarityMap` does).
 */
export class PrototypeAccumulator {
  private readonly sum: Float64Array;
  private n: number;

  constructor(state?: PrototypeState) {
    this.sum = new Float64Array(EMBEDDING_CHANNELS);
    this.n = 0;
    if (state) {
      if (state.sum.length !== EMBEDDING_CHANNELS || !Number.isInteger(state.count) || state.count < 0) {
        throw new RangeError("invalid prototype state");
      }
      this.sum.set(state.sum);
      this.n = state.count;
    }
  }

  /** Adds one accepted mask; false (nothing added) when the mask covers no cell. */
  add(sample: PrototypeSample): boolean {
    const average = centredMaskedAverage(sample);
    if (!average) return false;
    for (let ch = 0; ch < EMBEDDING_CHANNELS; ch++) this.sum[ch] = (this.sum[ch] as number) + (average[ch] as number);
    this.n++;
    return true;
  }

  get count(): number {
    return this.n;
  }

  /** The current prototype (256 values), null before any mask was added. */
  prototype(): Float32Array | null {
    if (this.n === 0) return null;
    return Float32Array.from(this.sum, (v) => v / this.n);
  }

  toJSON(): PrototypeState {
    return { sum: Array.from(this.sum), count: this.n };
  }
}

/** The prototype of a set of accepted masks (null when none covers any cell). */
export function computePrototype(samples: Iterable<PrototypeSample>): Float32Array | null {
  const accumulator = new PrototypeAccumulator();
  for (const sample of samples) accumulator.add(sample);
  return accumulator.prototype();
}
