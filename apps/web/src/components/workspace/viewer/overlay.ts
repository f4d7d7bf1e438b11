// What is drawn over the image for a mask: a translucent fill (an image-sized RGBA layer) and
// an outline along the pixel edges of the mask boundary, stroked as thin vector lines so it
// stays crisp at any zoom.
export type OverlayStyle = "fill" | "outline" | "both";

export const MASK_COLOR: readonly [number, number, number] = [45, 212, 191]; // teal-400: visible on grey ultrasound

/** Writes the fill layer into `out` (RGBA, width*height*4): mask pixels at the given opacity. */
export function renderFill(mask: Uint8Array, opacity: number, out: Uint8ClampedArray) {
  const [r, g, b] = MASK_COLOR;
  const alpha = Math.round(opacity * 255);
  out.fill(0);
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const o = i * 4;
    out[o] = r;
    out[o + 1] = g;
    out[o + 2] = b;
    out[o + 3] = alpha;
  }
}

const inside = (mask: Uint8Array, width: number, height: number, x: number, y: number): boolean =>
  x >= 0 && y >= 0 && x < width && y < height && mask[y * width + x] === 1;

/**
 * The mask boundary as line segments [x0, y0, x1, y1, ...] in image coordinates, along pixel
 * edges between a mask pixel and a non-mask pixel (or the image border); collinear neighbouring
 * edges are merged into one segment.
 */
export function maskEdgeSegments(mask: Uint8Array, width: number, height: number): number[] {
  const segments: number[] = [];
  // Horizontal edges: between row y-1 and row y.
  for (let y = 0; y <= height; y++) {
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const edge = x < width && inside(mask, width, height, x, y - 1) !== inside(mask, width, height, x, y);
      if (edge && start < 0) start = x;
      if (!edge && start >= 0) {
        segments.push(start, y, x, y);
        start = -1;
      }
    }
  }
  // Vertical edges: between column x-1 and column x.
  for (let x = 0; x <= width; x++) {
    let start = -1;
    for (let y = 0; y <= height; y++) {
      const edge = y < height && inside(mask, width, height, x - 1, y) !== inside(mask, width, height, x, y);
      if (edge && start < 0) start = y;
      if (!edge && start >= 0) {
        segments.push(x, start, x, y);
        start = -1;
      }
    }
  }
  return segments;
}
