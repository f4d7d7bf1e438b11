import type { DecoderOutput } from "../decoder";
import type { BinaryMask } from "../mask/binary-mask";
import { logitsToMask } from "../postprocess";
import { iou } from "./metrics";

/** How a candidate is chosen among a decoder's masks: by predicted IoU (what a user gets) or oracle. */
export type CandidateSelection = "predicted" | "oracle";

/**
 * Oracle choice: the candidate whose thresholded mask has the highest true IoU with the ground
 * truth (SAM's "oracle" performance, best of the multimask outputs; ties → lower index).
 */
export function oracleCandidate(output: DecoderOutput, groundTruth: BinaryMask): { index: number; iou: number } {
  let best = { index: 0, iou: -1 };
  output.masks.forEach((logits, index) => {
    const value = iou(logitsToMask(logits, output.size), groundTruth);
    if (value > best.iou) best = { index, iou: value };
  });
  return best;
}

/** Index of the candidate to use under `selection`. */
export function selectCandidate(output: DecoderOutput, selection: CandidateSelection, groundTruth: BinaryMask): number {
  return selection === "oracle" ? oracleCandidate(output, groundTruth).index : output.best;
}
