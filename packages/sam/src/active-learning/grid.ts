import { resizedSize, SAM_IMAGE_SIZE, type Size } from "../preprocess";

/** Side of SAM's image-embedding grid (`[1, 256, 64, 64]`). */
export const EMBEDDING_GRID = 64;
export const EMBEDDING_CHANNELS = 256;
/** Model-frame pixels (of the 1024 square) per grid cell. */
export const CELL_SIZE = SAM_IMAGE_SIZE / EMBEDDING_GRID;

/**
 * The part of the 64×64 grid that sees the image. SAM resizes the longest side to 1024 and pads
 * bottom/right, so only the top-left `columns × rows` cells hold image content; the rest embeds padding.
 */
export interface ValidGrid {
  /** Cells per row that overlap the resized image (1..64). */
  columns: number;
  rows: number;
  /** The resized image inside the 1024 square. */
  resized: Size;
}

export function validGrid(image: Size): ValidGrid {
  if (!(image.width > 0 && image.height > 0)) throw new RangeError(`image size must be positive, got ${image.width}x${image.height}`);
  const resized = resizedSize(image);
  return {
    columns: Math.min(EMBEDDING_GRID, Math.ceil(resized.width / CELL_SIZE)),
    rows: Math.min(EMBEDDING_GRID, Math.ceil(resized.height / CELL_SIZE)),
    resized,
  };
}

/** Throws unless `embedding` is one CHW 256×64×64 float32 embedding. */
export function assertEmbedding(embedding: Float32Array): void {
  const expected = EMBEDDING_CHANNELS * EMBEDDING_GRID * EMBEDDING_GRID;
  if (embedding.length !== expected) throw new RangeError(`embedding has ${embedding.length} values, expected ${expected} (256×64×64)`);
}

/** The `[1, 256, 64, 64]` dims of one embedding (as the decoder's `image_embeddings` input). */
export const EMBEDDING_DIMS_CHW = [1, EMBEDDING_CHANNELS, EMBEDDING_GRID, EMBEDDING_GRID] as const;
