// The annotation being edited, as plain data: what the annotator did (clicks, box, brush
// strokes) and what the model answered (the chosen mask and its low-resolution logits).

// Clicks and boxes in image pixels, as the click log stores them (`t`: ms since the image was
// opened). Not @clickloop/sam's `Click`/`Box`, the decoder's prompt (label 0/1, a corner tuple).
import type { AnnotationBox, AnnotationClick } from "@clickloop/db";

export type { AnnotationBox, AnnotationClick };

export interface MaskCandidate {
  /** Binary mask at image resolution, 1 = inside. */
  mask: Uint8Array;
  /** 256x256 logits, fed back as the mask prompt of the next click; null for a restored draft. */
  lowRes: Float32Array | null;
  /** The decoder's predicted IoU (NaN for a restored draft). */
  score: number;
}

export interface Prediction {
  candidates: MaskCandidate[];
  chosen: number;
}

export interface BrushStroke {
  mode: "paint" | "erase";
  radius: number;
  points: { x: number; y: number }[];
}

/** Per-pixel edit layer over the model's mask: 0 = keep, 1 = painted in, 2 = erased. */
export const EDIT_KEEP = 0;
export const EDIT_PAINT = 1;
export const EDIT_ERASE = 2;

export interface Snapshot {
  clicks: AnnotationClick[];
  box: AnnotationBox | null;
  prediction: Prediction | null;
  /**
   * Brush/eraser edits of a restored draft (its saved mask minus what the model answers for its
   * clicks), composited over every later model answer; null when there are none.
   */
  edits: Uint8Array | null;
  strokes: BrushStroke[];
}

export const emptySnapshot: Snapshot = { clicks: [], box: null, prediction: null, edits: null, strokes: [] };

export function chosenCandidate(snapshot: Snapshot): MaskCandidate | null {
  const p = snapshot.prediction;
  return p ? (p.candidates[p.chosen] ?? null) : null;
}
