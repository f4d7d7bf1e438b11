import { createBinaryMask, maskAndNot, type BinaryMask } from "../mask/binary-mask";
import { distanceTransform } from "../mask/distance-transform";
import type { Click } from "../decoder";

export interface SimulatedClick extends Click {
  /** Distance of the clicked pixel from its error region's boundary (border counted as boundary). */
  distance: number;
}

function farthestPixel(region: BinaryMask): { index: number; distance: number } {
  const dt = distanceTransform(region, { borderIsBoundary: true });
  let index = -1;
  let distance = 0;
  for (let i = 0; i < dt.length; i++) {
    if ((dt[i] as number) > distance) {
      distance = dt[i] as number;
      index = i;
    }
  }
  return { index, distance };
}

/**
 * The standard interactive-segmentation clicker (docs/method.md §4, RITM, the experimental study's
 * Algorithm 1): the next click goes to the error pixel farthest from its error region's boundary,
 * over FN = GT ∧ ¬pred and FP = pred ∧ ¬GT; positive on FN, negative on FP; when the two maxima
 * are equal the click is negative; among equal distances the first pixel in row-major order wins.
 * Returns null when the prediction equals the ground truth.
 */
export function nextClick(groundTruth: BinaryMask, prediction: BinaryMask): SimulatedClick | null {
  const fn = farthestPixel(maskAndNot(groundTruth, prediction));
  const fp = farthestPixel(maskAndNot(prediction, groundTruth));
  if (fn.index < 0 && fp.index < 0) return null;
  const positive = fn.distance > fp.distance;
  const { index, distance } = positive ? fn : fp;
  return { x: index % groundTruth.width, y: Math.floor(index / groundTruth.width), label: positive ? 1 : 0, distance };
}

/** First click: the ground truth's distance-transform maximum (= `nextClick` against an empty prediction). */
export function firstClick(groundTruth: BinaryMask): SimulatedClick | null {
  return nextClick(groundTruth, createBinaryMask(groundTruth.width, groundTruth.height));
}
