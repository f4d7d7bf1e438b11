import { LOW_RES_SIZE, MODEL_SIZE } from "./low-res-target";
import type { Stage1Prompt } from "./stage1-click";
import type { TrainClick } from "./types";

/** A decoder point in the 1024 model frame; labels as sam.onnx: 1 pos, 0 neg, 2/3 box corners, −1 padding. */
export interface PromptPoint {
  readonly x: number;
  readonly y: number;
  readonly label: -1 | 0 | 1 | 2 | 3;
}

const CELL = MODEL_SIZE / LOW_RES_SIZE;

/** A click on a low-res cell → the cell's centre in the model frame. */
export function clickToPoint(click: TrainClick): PromptPoint {
  return { x: (click.x + 0.5) * CELL, y: (click.y + 0.5) * CELL, label: click.positive ? 1 : 0 };
}

/** The stage-1 prompt (in low-res cells) as decoder points: one click, or a box's two corners. */
export function stage1Points(prompt: Stage1Prompt): PromptPoint[] {
  if (prompt.kind === "click") return [clickToPoint(prompt.click)];
  const { x0, y0, x1, y1 } = prompt.box;
  return [
    { x: x0 * CELL, y: y0 * CELL, label: 2 },
    { x: (x1 + 1) * CELL, y: (y1 + 1) * CELL, label: 3 },
  ];
}

/** sam.onnx's convention: a padding point (0,0, −1) is appended when no box is given. */
export function withPadding(points: readonly PromptPoint[]): PromptPoint[] {
  return points.some((p) => p.label === 2 || p.label === 3) ? [...points] : [...points, { x: 0, y: 0, label: -1 }];
}

/** Flat coordinates and labels for `[1, N, 2]` / `[1, N]` tensors. */
export function pointArrays(points: readonly PromptPoint[]): { coords: Float32Array; labels: Float32Array } {
  const coords = new Float32Array(points.length * 2);
  const labels = new Float32Array(points.length);
  points.forEach((p, i) => {
    coords[2 * i] = p.x;
    coords[2 * i + 1] = p.y;
    labels[i] = p.label;
  });
  return { coords, labels };
}
