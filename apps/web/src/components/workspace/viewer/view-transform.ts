// Zoom and pan: image pixel (ix, iy) is drawn at screen (ix * scale + tx, iy * scale + ty)
// in CSS pixels of the viewer.
export interface ViewTransform {
  scale: number;
  tx: number;
  ty: number;
}

export const MIN_SCALE = 0.05;
export const MAX_SCALE = 40;

/** Fits the whole image in the viewport with a small margin, centred. */
export function fitTransform(imageWidth: number, imageHeight: number, viewWidth: number, viewHeight: number, margin = 24): ViewTransform {
  const scale = Math.max(MIN_SCALE, Math.min((viewWidth - 2 * margin) / imageWidth, (viewHeight - 2 * margin) / imageHeight));
  return { scale, tx: (viewWidth - imageWidth * scale) / 2, ty: (viewHeight - imageHeight * scale) / 2 };
}

export function screenToImage(t: ViewTransform, sx: number, sy: number): { x: number; y: number } {
  return { x: (sx - t.tx) / t.scale, y: (sy - t.ty) / t.scale };
}

/** Zooms by `factor` keeping the point under the cursor fixed. */
export function zoomAt(t: ViewTransform, sx: number, sy: number, factor: number): ViewTransform {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, t.scale * factor));
  const k = scale / t.scale;
  return { scale, tx: sx - (sx - t.tx) * k, ty: sy - (sy - t.ty) * k };
}

export function panBy(t: ViewTransform, dx: number, dy: number): ViewTransform {
  return { ...t, tx: t.tx + dx, ty: t.ty + dy };
}
