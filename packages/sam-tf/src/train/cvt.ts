import type { Point } from "./types";

/**
 * Centroidal Voronoi Tessellation restricted to one connected component (ClickSAM):
 * k generators moved by Lloyd iterations over the component's pixels, each generator
 * snapped to the nearest component pixel so a click never lands outside (non-convex shapes).
 */
export interface CvtSettings {
  /** a0: component area (pixels) per click. */
  readonly areaPerClick: number;
  /** k_max: most clicks in one component. */
  readonly maxClicks: number;
  /** Components smaller than this get no clicks. */
  readonly minArea: number;
  /** Lloyd iterations. */
  readonly iterations: number;
}

export const defaultCvtSettings: CvtSettings = { areaPerClick: 2000, maxClicks: 4, minArea: 50, iterations: 50 };

/** k = clamp(round(area / a0), 1, k_max); 0 below the minimum area. */
export function clickCountForArea(area: number, settings: CvtSettings = defaultCvtSettings): number {
  if (area < settings.minArea || area <= 0) return 0;
  return Math.min(settings.maxClicks, Math.max(1, Math.round(area / settings.areaPerClick)));
}

/**
 * @param pixels row-major indices (y·width + x) of the component's pixels, any order
 * @returns k generators on component pixels, or fewer when the component has fewer pixels
 */
export function cvtGenerators(pixels: ArrayLike<number>, width: number, k: number, iterations = defaultCvtSettings.iterations): Point[] {
  const n = pixels.length;
  if (n === 0 || k <= 0) return [];
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = pixels[i] as number;
    xs[i] = p % width;
    ys[i] = Math.floor(p / width);
  }
  const count = Math.min(k, n);
  // Lloyd in continuous coordinates (snapping every step would stall sub-pixel moves),
  // then each generator is snapped to its nearest component pixel.
  const generators = principalAxisInit(xs, ys, count);
  const owner = new Int32Array(n);
  for (let iter = 0; iter < iterations; iter++) {
    assignCells(xs, ys, generators, owner);
    const sumX = new Float64Array(count);
    const sumY = new Float64Array(count);
    const size = new Float64Array(count);
    for (let i = 0; i < n; i++) {
      const g = owner[i] as number;
      sumX[g] = (sumX[g] as number) + (xs[i] as number);
      sumY[g] = (sumY[g] as number) + (ys[i] as number);
      size[g] = (size[g] as number) + 1;
    }
    let largestMove = 0;
    for (let g = 0; g < count; g++) {
      const s = size[g] as number;
      if (s === 0) continue;
      const next = { x: (sumX[g] as number) / s, y: (sumY[g] as number) / s };
      const current = generators[g] as Point;
      largestMove = Math.max(largestMove, Math.hypot(next.x - current.x, next.y - current.y));
      generators[g] = next;
    }
    if (largestMove < 1e-3) break;
  }
  return snapDistinct(xs, ys, generators);
}

/** Snap each generator to the nearest component pixel not already taken by another. */
function snapDistinct(xs: Float64Array, ys: Float64Array, generators: readonly Point[]): Point[] {
  const taken = new Set<number>();
  return generators.map((g) => {
    const i = nearestPixelIndex(xs, ys, g.x, g.y, taken);
    taken.add(i);
    return { x: xs[i] as number, y: ys[i] as number };
  });
}

/** Voronoi cell of every pixel: index of its nearest generator (ties: lowest index). */
export function assignCells(xs: Float64Array, ys: Float64Array, generators: readonly Point[], owner: Int32Array): void {
  for (let i = 0; i < xs.length; i++) {
    let best = 0;
    let bestDistance = Infinity;
    for (let g = 0; g < generators.length; g++) {
      const gen = generators[g] as Point;
      const dx = (xs[i] as number) - gen.x;
      const dy = (ys[i] as number) - gen.y;
      const d = dx * dx + dy * dy;
      if (d < bestDistance) {
        bestDistance = d;
        best = g;
      }
    }
    owner[i] = best;
  }
}

/**
 * Deterministic start: order the pixels along the component's principal axis and take the
 * centroids of k equal-count slices. Lloyd then only refines, and on elongated or convex
 * shapes the result keeps near-equal cells (a farthest-point start can settle in an
 * unbalanced local CVT).
 */
function principalAxisInit(xs: Float64Array, ys: Float64Array, count: number): Point[] {
  const n = xs.length;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    cx += xs[i] as number;
    cy += ys[i] as number;
  }
  cx /= n;
  cy /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - cx;
    const dy = (ys[i] as number) - cy;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const ax = Math.cos(angle);
  const ay = Math.sin(angle);
  const order = Array.from({ length: n }, (_, i) => i);
  const projection = Float64Array.from(order, (i) => (xs[i] as number) * ax + (ys[i] as number) * ay);
  order.sort((a, b) => (projection[a] as number) - (projection[b] as number) || a - b);
  const generators: Point[] = [];
  for (let g = 0; g < count; g++) {
    const from = Math.floor((g * n) / count);
    const to = Math.floor(((g + 1) * n) / count);
    let sx = 0;
    let sy = 0;
    for (let j = from; j < to; j++) {
      const i = order[j] as number;
      sx += xs[i] as number;
      sy += ys[i] as number;
    }
    generators.push({ x: sx / (to - from), y: sy / (to - from) });
  }
  return generators;
}

function nearestPixelIndex(xs: Float64Array, ys: Float64Array, x: number, y: number, exclude: ReadonlySet<number>): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let i = 0; i < xs.length; i++) {
    if (exclude.has(i)) continue;
    const dx = (xs[i] as number) - x;
    const dy = (ys[i] as number) - y;
    const d = dx * dx + dy * dy;
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  return best;
}
