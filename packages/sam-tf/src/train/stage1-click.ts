import { argmaxFirst, distanceTransform, largestComponent } from "@clickloop/sam";
import { gaussian, type Rng } from "./rng";
import type { BinaryMask, Point, TrainBox, TrainClick } from "./types";

export interface Stage1Settings {
  /** p: probability of an imperfect prompt (jittered click or jittered box) instead of the centre click. */
  readonly jitterProbability: number;
  /** Share of the imperfect prompts that are boxes. */
  readonly boxShare: number;
  /** Click jitter σ as a fraction of the component's equivalent radius √(area/π). */
  readonly clickJitter: number;
  /** Box-side jitter σ as a fraction of the box's width/height. */
  readonly boxJitter: number;
}

export const defaultStage1Settings: Stage1Settings = { jitterProbability: 0.2, boxShare: 0.5, clickJitter: 0.3, boxJitter: 0.1 };

export type Stage1Prompt = { readonly kind: "click"; readonly click: TrainClick } | { readonly kind: "box"; readonly box: TrainBox };

/**
 * ClickSAM's centre click on the largest 8-connected component: its centre of mass when that
 * pixel lies inside the component, else its distance-transform maximum. Null for an empty mask.
 */
export function centreClick(truth: BinaryMask): Point | null {
  const largest = largestComponent(truth, 8);
  if (!largest) return null;
  const { width, height, data } = largest;
  let sumX = 0;
  let sumY = 0;
  let area = 0;
  for (let i = 0; i < data.length; i++) {
    if (!data[i]) continue;
    sumX += i % width;
    sumY += Math.floor(i / width);
    area++;
  }
  const cx = Math.round(sumX / area);
  const cy = Math.round(sumY / area);
  if (cx >= 0 && cy >= 0 && cx < width && cy < height && data[cy * width + cx]) return { x: cx, y: cy };
  const index = argmaxFirst(distanceTransform(largest, { borderIsBoundary: true }));
  return { x: index % width, y: Math.floor(index / width) };
}

/**
 * The stage-1 prompt: the centre click, or with probability p a jittered click (kept inside the
 * component) or a jittered box around it, so the model also learns from imperfect prompts.
 */
export function stage1Prompt(truth: BinaryMask, rng: Rng, settings: Stage1Settings = defaultStage1Settings): Stage1Prompt | null {
  const centre = centreClick(truth);
  if (!centre) return null;
  if (rng() >= settings.jitterProbability) return { kind: "click", click: { ...centre, positive: true } };
  const largest = largestComponent(truth, 8) as BinaryMask;
  if (rng() < settings.boxShare) return { kind: "box", box: jitteredBox(largest, rng, settings.boxJitter) };
  return { kind: "click", click: { ...jitteredClick(largest, centre, rng, settings.clickJitter), positive: true } };
}

function jitteredClick(component: BinaryMask, centre: Point, rng: Rng, jitter: number): Point {
  const { width, height, data } = component;
  let area = 0;
  for (let i = 0; i < data.length; i++) area += data[i] ? 1 : 0;
  const sigma = jitter * Math.sqrt(area / Math.PI);
  for (let attempt = 0; attempt < 20; attempt++) {
    const x = Math.round(centre.x + sigma * gaussian(rng));
    const y = Math.round(centre.y + sigma * gaussian(rng));
    if (x >= 0 && y >= 0 && x < width && y < height && data[y * width + x]) return { x, y };
  }
  return centre;
}

function jitteredBox(component: BinaryMask, rng: Rng, jitter: number): TrainBox {
  const { width, height, data } = component;
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let i = 0; i < data.length; i++) {
    if (!data[i]) continue;
    const x = i % width;
    const y = Math.floor(i / width);
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  const sx = jitter * (x1 - x0 + 1);
  const sy = jitter * (y1 - y0 + 1);
  const clampX = (v: number) => Math.min(width - 1, Math.max(0, Math.round(v)));
  const clampY = (v: number) => Math.min(height - 1, Math.max(0, Math.round(v)));
  const a = { x: clampX(x0 + sx * gaussian(rng)), y: clampY(y0 + sy * gaussian(rng)) };
  const b = { x: clampX(x1 + sx * gaussian(rng)), y: clampY(y1 + sy * gaussian(rng)) };
  return { x0: Math.min(a.x, b.x), y0: Math.min(a.y, b.y), x1: Math.max(a.x, b.x), y1: Math.max(a.y, b.y) };
}
