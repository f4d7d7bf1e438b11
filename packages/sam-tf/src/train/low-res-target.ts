import type { BinaryMask } from "./types";

/** SAM's frames: the padded model input and the decoder's low-resolution mask. */
export const MODEL_SIZE = 1024;
export const LOW_RES_SIZE = 256;
const CELL = MODEL_SIZE / LOW_RES_SIZE;

/** The part of the 256x256 low-res frame the image covers (the rest is padding). */
export interface LowResFrame {
  /** 1024 / max(width, height): original pixel → model frame. */
  readonly scale: number;
  readonly validWidth: number;
  readonly validHeight: number;
}

export function lowResFrame(width: number, height: number): LowResFrame {
  const scale = MODEL_SIZE / Math.max(width, height);
  return {
    scale,
    validWidth: Math.min(LOW_RES_SIZE, Math.ceil(Math.round(width * scale) / CELL)),
    validHeight: Math.min(LOW_RES_SIZE, Math.ceil(Math.round(height * scale) / CELL)),
  };
}

/**
 * The ground truth as SAM sees it at 256x256: resized (nearest) so the longest side is 1024,
 * zero-padded bottom/right to 1024x1024, then averaged over 4x4 blocks. Values are the
 * covered fraction in [0,1] (soft targets at the boundary).
 */
export function lowResTarget(mask: BinaryMask): Float32Array {
  const { width, height, data } = mask;
  const scale = MODEL_SIZE / Math.max(width, height);
  const resizedWidth = Math.round(width * scale);
  const resizedHeight = Math.round(height * scale);
  // Source column/row of every 1024-frame column/row (-1 = padding).
  const sourceX = new Int32Array(MODEL_SIZE).fill(-1);
  const sourceY = new Int32Array(MODEL_SIZE).fill(-1);
  for (let X = 0; X < resizedWidth; X++) sourceX[X] = Math.min(width - 1, Math.floor((X + 0.5) / scale));
  for (let Y = 0; Y < resizedHeight; Y++) sourceY[Y] = Math.min(height - 1, Math.floor((Y + 0.5) / scale));
  const target = new Float32Array(LOW_RES_SIZE * LOW_RES_SIZE);
  for (let v = 0; v < LOW_RES_SIZE; v++) {
    for (let u = 0; u < LOW_RES_SIZE; u++) {
      let covered = 0;
      for (let dy = 0; dy < CELL; dy++) {
        const sy = sourceY[v * CELL + dy] as number;
        if (sy < 0) continue;
        for (let dx = 0; dx < CELL; dx++) {
          const sx = sourceX[u * CELL + dx] as number;
          if (sx >= 0 && data[sy * width + sx]) covered++;
        }
      }
      target[v * LOW_RES_SIZE + u] = covered / (CELL * CELL);
    }
  }
  return target;
}

/** Binary mask of the valid (image-covered) part of a 256x256 map, thresholded at `threshold`. */
export function binarizeLowRes(values: ArrayLike<number>, frame: LowResFrame, threshold: number): BinaryMask {
  const { validWidth, validHeight } = frame;
  const data = new Uint8Array(validWidth * validHeight);
  for (let y = 0; y < validHeight; y++) {
    for (let x = 0; x < validWidth; x++) data[y * validWidth + x] = (values[y * LOW_RES_SIZE + x] as number) > threshold ? 1 : 0;
  }
  return { data, width: validWidth, height: validHeight };
}
