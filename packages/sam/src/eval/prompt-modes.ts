import { maskOr, createBinaryMask, type BinaryMask } from "../mask/binary-mask";
import { componentMask, componentsByArea, labelComponents } from "../mask/components";
import type { Box, DecoderPrompt } from "../decoder";
import { firstClick } from "./click-simulator";

// The five non-iterative prompt modes of the experimental study (docs/method.md §4). Parts are the 8-connected
// components of the ground truth, largest first, at most three; a part's point is its pixel farthest
// from the boundary, its box is tight around it.

export const PROMPT_MODES = ["point-largest", "point-per-part", "box-largest", "box-per-part", "box-whole"] as const;
export type PromptMode = (typeof PROMPT_MODES)[number];

export const MAX_PARTS = 3;

function parts(groundTruth: BinaryMask): { mask: BinaryMask; box: Box }[] {
  const labelling = labelComponents(groundTruth, 8);
  return componentsByArea(labelling)
    .slice(0, MAX_PARTS)
    .map((c) => ({ mask: componentMask(labelling, c.label), box: [c.bbox.x0, c.bbox.y0, c.bbox.x1, c.bbox.y1] as const }));
}

function centreClick(part: BinaryMask): DecoderPrompt["clicks"][number] {
  const click = firstClick(part);
  if (!click) throw new Error("empty part");
  return { x: click.x, y: click.y, label: 1 };
}

/**
 * Decoder prompts for a mode. Several prompts mean several decoder runs whose masks are united
 * (SAM's ONNX decoder takes one box per run); points of `point-per-part` go in one prompt.
 * An empty ground truth yields no prompt.
 */
export function promptsForMode(mode: PromptMode, groundTruth: BinaryMask): DecoderPrompt[] {
  const all = parts(groundTruth);
  const largest = all[0];
  if (!largest) return [];
  switch (mode) {
    case "point-largest":
      return [{ clicks: [centreClick(largest.mask)] }];
    case "point-per-part":
      return [{ clicks: all.map((p) => centreClick(p.mask)) }];
    case "box-largest":
      return [{ clicks: [], box: largest.box }];
    case "box-per-part":
      return all.map((p) => ({ clicks: [], box: p.box }));
    case "box-whole": {
      const labelling = labelComponents(groundTruth, 8);
      const b = labelling.components.reduce(
        (acc, c) => [Math.min(acc[0], c.bbox.x0), Math.min(acc[1], c.bbox.y0), Math.max(acc[2], c.bbox.x1), Math.max(acc[3], c.bbox.y1)] as const,
        [Infinity, Infinity, -Infinity, -Infinity] as const,
      );
      return [{ clicks: [], box: b }];
    }
  }
}

/** Union of the masks predicted for several prompts. */
export function uniteMasks(masks: readonly BinaryMask[], width: number, height: number): BinaryMask {
  return masks.reduce((acc, m) => maskOr(acc, m), createBinaryMask(width, height));
}
