import type { Click, DecoderOutput, DecoderPrompt } from "../decoder";
import type { BinaryMask } from "../mask/binary-mask";
import { logitsToMask } from "../postprocess";
import { nextClick } from "./click-simulator";
import { dice, hd95, iou } from "./metrics";
import { selectCandidate, type CandidateSelection } from "./oracle";

/** Any decoder: the ONNX one bound to an embedding, a TF.js model, a test double. */
export type DecodeFn = (prompt: DecoderPrompt) => Promise<DecoderOutput>;

export interface InteractiveOptions {
  /** Clicks to simulate (at least 1). */
  maxClicks: number;
  /**
   * Stop early once IoU ≥ `stopAtIou` and at least `minClicks` clicks were made (metrics of the
   * skipped clicks are not recorded). Without it all `maxClicks` run.
   */
  stopAtIou?: number;
  minClicks?: number;
  selection?: CandidateSelection;
  /** Feed the previous low-res logits as mask prompt from click 2 on (default true, docs/method.md §4). */
  feedPreviousLogits?: boolean;
  /** Also compute HD95 per click (costs two distance transforms per click). */
  withHd95?: boolean;
  /** With `withHd95`: only for clicks 1..hd95MaxClicks (e.g. the reported 1/3/5), to save time. */
  hd95MaxClicks?: number;
}

export interface InteractiveResult {
  clicks: Click[];
  /** Per click k = 1..n (index k − 1). */
  ious: number[];
  dices: number[];
  hd95s: number[];
  /** Predicted mask after the last click. */
  finalMask: BinaryMask | null;
}

/**
 * Simulates an annotator's session on one image: click, predict, click at the largest error, …
 * All clicks so far are passed each time. When the prediction becomes perfect no click is left to
 * make; the remaining clicks repeat the last (perfect) metrics.
 */
export async function runInteractive(groundTruth: BinaryMask, decode: DecodeFn, options: InteractiveOptions): Promise<InteractiveResult> {
  const selection = options.selection ?? "predicted";
  const feedLogits = options.feedPreviousLogits ?? true;
  const result: InteractiveResult = { clicks: [], ious: [], dices: [], hd95s: [], finalMask: null };
  let prediction: BinaryMask = { width: groundTruth.width, height: groundTruth.height, data: new Uint8Array(groundTruth.data.length) };
  let previousLogits: Float32Array | undefined;
  for (let k = 1; k <= options.maxClicks; k++) {
    const click = nextClick(groundTruth, prediction);
    if (click) {
      result.clicks.push({ x: click.x, y: click.y, label: click.label });
      const output = await decode({
        clicks: [...result.clicks],
        ...(feedLogits && previousLogits ? { maskInput: previousLogits } : {}),
      });
      const chosen = selectCandidate(output, selection, groundTruth);
      prediction = logitsToMask(output.masks[chosen] as Float32Array, output.size);
      previousLogits = output.lowRes[chosen];
    }
    // Without a click (the prediction is already perfect) the metrics repeat.
    const currentIou = iou(prediction, groundTruth);
    result.ious.push(currentIou);
    result.dices.push(dice(prediction, groundTruth));
    if (options.withHd95 && k <= (options.hd95MaxClicks ?? Infinity)) {
      result.hd95s.push(click || result.hd95s.length === 0 ? hd95(prediction, groundTruth) : (result.hd95s.at(-1) as number));
    }
    if (options.stopAtIou !== undefined && currentIou >= options.stopAtIou && k >= (options.minClicks ?? 1)) break;
  }
  result.finalMask = prediction;
  return result;
}
