// The simulated annotator of the campaign (docs/method.md §4 click simulator, §5 campaign): starts from the
// pre-annotation when there is one (its auto clicks stay in the prompt, its logits are fed back),
// otherwise from an empty mask, and clicks at the largest error until IoU ≥ target or the cap.
import { createBinaryMask, iou, logitsToMask, nextClick, type BinaryMask, type Click, type DecodeFn } from "@clickloop/sam";

export interface StartingPoint {
  clicks: readonly Click[];
  mask: BinaryMask;
  lowRes: Float32Array;
}

export interface AnnotationOutcome {
  /** Clicks the annotator made (0: the pre-annotation was accepted as it was); the cap when not reached. */
  clicks: number;
  reached: boolean;
  /** IoU of the starting mask (pre-annotation; 0 without one) and of the final mask. */
  startIou: number;
  finalIou: number;
  fromPreAnnotation: boolean;
}

export async function simulateAnnotator(
  truth: BinaryMask,
  decode: DecodeFn,
  start: StartingPoint | null,
  options: { targetIou?: number; cap?: number } = {},
): Promise<AnnotationOutcome> {
  const target = options.targetIou ?? 0.9;
  const cap = options.cap ?? 20;
  let prediction = start?.mask ?? createBinaryMask(truth.width, truth.height);
  const prompt: Click[] = [...(start?.clicks ?? [])];
  let previous = start?.lowRes;
  const startIou = start ? iou(prediction, truth) : 0;
  let current = startIou;
  let made = 0;
  while (current < target && made < cap) {
    const click = nextClick(truth, prediction);
    if (!click) break; // perfect already
    prompt.push({ x: click.x, y: click.y, label: click.label });
    made++;
    const output = await decode({ clicks: [...prompt], ...(previous ? { maskInput: previous } : {}) });
    prediction = logitsToMask(output.masks[output.best] as Float32Array, output.size);
    previous = output.lowRes[output.best];
    current = iou(prediction, truth);
  }
  const reached = current >= target;
  return { clicks: reached ? made : cap, reached, startIou, finalIou: current, fromPreAnnotation: start !== null };
}
