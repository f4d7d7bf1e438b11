import { resizedSize, SAM_IMAGE_SIZE, type Size } from "./preprocess";

export interface Point {
  x: number;
  y: number;
}

/**
 * Maps a point from original image pixels into the model's 1024 frame as SAM's
 * `ResizeLongestSide.apply_coords` does: per-axis ratio of the rounded resized size.
 */
export function toModelFrame(point: Point, original: Size, target = SAM_IMAGE_SIZE): Point {
  const resized = resizedSize(original, target);
  return { x: point.x * (resized.width / original.width), y: point.y * (resized.height / original.height) };
}

/** Inverse of `toModelFrame`: a point of the 1024 frame back into original image pixels. */
export function fromModelFrame(point: Point, original: Size, target = SAM_IMAGE_SIZE): Point {
  const resized = resizedSize(original, target);
  return { x: point.x * (original.width / resized.width), y: point.y * (original.height / resized.height) };
}

/** A box `[x0, y0, x1, y1]` in original pixels mapped into the 1024 frame. */
export function boxToModelFrame(
  box: readonly [number, number, number, number],
  original: Size,
  target = SAM_IMAGE_SIZE,
): [number, number, number, number] {
  const a = toModelFrame({ x: box[0], y: box[1] }, original, target);
  const b = toModelFrame({ x: box[2], y: box[3] }, original, target);
  return [a.x, a.y, b.x, b.y];
}
