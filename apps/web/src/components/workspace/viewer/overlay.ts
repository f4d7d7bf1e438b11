// Turns a binary mask into the RGBA overlay drawn over the image: a translucent fill, an outline
// (the pixels inside the mask with a 4-neighbour outside it), or both.
export type OverlayStyle = "fill" | "outline" | "both";

export const MASK_COLOR: readonly [number, number, number] = [45, 212, 191]; // teal-400: visible on grey ultrasound

export function isBoundary(mask: Uint8Array, width: number, height: number, x: number, y: number): boolean {
  const i = y * width + x;
  if (!mask[i]) return false;
  return x === 0 || y === 0 || x === width - 1 || y === height - 1 || !mask[i - 1] || !mask[i + 1] || !mask[i - width] || !mask[i + width];
}

/**
 * Writes the overlay into `out` (RGBA, width*height*4). The fill alpha is the opacity; the
 * outline is always opaque so the boundary stays readable at low opacity.
 */
export function renderOverlay(mask: Uint8Array, width: number, height: number, style: OverlayStyle, opacity: number, out: Uint8ClampedArray) {
  const [r, g, b] = MASK_COLOR;
  const fillAlpha = style === "outline" ? 0 : Math.round(opacity * 255);
  const drawOutline = style !== "fill";
  out.fill(0);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!mask[i]) continue;
      const o = i * 4;
      const outline = drawOutline && isBoundary(mask, width, height, x, y);
      if (!outline && fillAlpha === 0) continue;
      out[o] = outline ? 240 : r;
      out[o + 1] = outline ? 253 : g;
      out[o + 2] = outline ? 250 : b;
      out[o + 3] = outline ? 255 : fillAlpha;
    }
  }
}
