// The mask the annotator sees and saves: the model's chosen candidate with the brush strokes
// painted over it in order, so strokes survive later clicks.
import { chosenCandidate, EDIT_ERASE, EDIT_KEEP, EDIT_PAINT, type BrushStroke, type Snapshot } from "./types";

function paintDisc(mask: Uint8Array, width: number, height: number, cx: number, cy: number, radius: number, value: 0 | 1) {
  const r2 = radius * radius;
  const y0 = Math.max(0, Math.floor(cy - radius));
  const y1 = Math.min(height - 1, Math.ceil(cy + radius));
  const x0 = Math.max(0, Math.floor(cx - radius));
  const x1 = Math.min(width - 1, Math.ceil(cx + radius));
  for (let y = y0; y <= y1; y++) {
    const dy = y + 0.5 - cy;
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - cx;
      if (dx * dx + dy * dy <= r2) mask[y * width + x] = value;
    }
  }
}

/** Paints a stroke as discs spaced at most half a radius apart, so fast drags leave no gaps. */
export function paintStroke(mask: Uint8Array, width: number, height: number, stroke: BrushStroke) {
  const value = stroke.mode === "paint" ? 1 : 0;
  const step = Math.max(0.5, stroke.radius / 2);
  let previous: { x: number; y: number } | null = null;
  for (const point of stroke.points) {
    if (previous) {
      const distance = Math.hypot(point.x - previous.x, point.y - previous.y);
      const steps = Math.ceil(distance / step);
      for (let i = 1; i < steps; i++) {
        const f = i / steps;
        paintDisc(mask, width, height, previous.x + (point.x - previous.x) * f, previous.y + (point.y - previous.y) * f, stroke.radius, value);
      }
    }
    paintDisc(mask, width, height, point.x, point.y, stroke.radius, value);
    previous = point;
  }
}

export function composeMask(snapshot: Snapshot, width: number, height: number): Uint8Array {
  const base = chosenCandidate(snapshot)?.mask;
  const mask = base ? base.slice() : new Uint8Array(width * height);
  if (snapshot.edits) applyEdits(mask, snapshot.edits);
  for (const stroke of snapshot.strokes) paintStroke(mask, width, height, stroke);
  return mask;
}

export function maskArea(mask: Uint8Array): number {
  let area = 0;
  for (let i = 0; i < mask.length; i++) area += mask[i]!;
  return area;
}

function applyEdits(mask: Uint8Array, edits: Uint8Array) {
  for (let i = 0; i < mask.length; i++) {
    const e = edits[i];
    if (e === EDIT_PAINT) mask[i] = 1;
    else if (e === EDIT_ERASE) mask[i] = 0;
  }
}

/** The edit layer that turns the model's mask into the wanted one (null when they are equal). */
export function diffEdits(wanted: Uint8Array, model: Uint8Array): Uint8Array | null {
  const edits = new Uint8Array(wanted.length);
  let any = false;
  for (let i = 0; i < wanted.length; i++) {
    const w = wanted[i] ? 1 : 0;
    const m = model[i] ? 1 : 0;
    edits[i] = w === m ? EDIT_KEEP : w ? EDIT_PAINT : EDIT_ERASE;
    any ||= w !== m;
  }
  return any ? edits : null;
}
