import * as tf from "@tensorflow/tfjs";
import {
  decodeMask,
  encodePrompt,
  hd95,
  logitsToMask,
  numberOfClicks,
  runInteractive,
  upscaleLowResLogits,
  type DecodeFn,
  type DecoderOutput,
  type SessionWithRuntime,
} from "@clickloop/sam";
import { selectMaskIndex, type SamDecoder } from "../model/sam-decoder.js";
import type { FusionWeights } from "./dynamic-fusion";
import { summarise, type EvaluationSummary, type ImageEvaluation } from "./evaluation-summary";
import { LOW_RES_SIZE } from "./low-res-target";
import type { TrainingSample } from "./sample-step";
import { prefetched, toSampleSource, type Samples } from "./sample-source";

export interface EvaluateOptions {
  /** Clicks whose Dice / IoU / HD95 are reported (SAMCA's table uses 1, 3, 5). Default 5. */
  readonly reportedClicks?: number;
  /** NoC cap: sessions run until IoU ≥ 0.90 or this many clicks. Default 20. */
  readonly nocCap?: number;
  readonly withHd95?: boolean;
  readonly signal?: AbortSignal;
  readonly onImage?: (done: number, total: number) => void;
}

export interface EvaluationResult {
  readonly images: readonly ImageEvaluation[];
  readonly summary: EvaluationSummary;
}

/** A decoder bound to one sample's embedding (the click simulator's view of a model). */
export type DecodeFnFactory = (sample: TrainingSample) => DecodeFn;

/**
 * docs/method.md §4 evaluation of a model on validation samples with the standard click simulator
 * (`@clickloop/sam`'s `runInteractive`: previous low-res logits fed back): Dice / IoU / HD95
 * after 1..reportedClicks clicks, NoC@85 / NoC@90 capped at `nocCap`.
 */
export async function evaluateModel(decodeFor: DecodeFnFactory, samples: Samples, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const reported = options.reportedClicks ?? 5;
  const cap = options.nocCap ?? 20;
  const images: ImageEvaluation[] = [];
  const source = toSampleSource(samples);
  const order = Array.from({ length: source.size }, (_, i) => i);
  for await (const { index: i, sample } of prefetched(source, order)) {
    options.signal?.throwIfAborted();
    const truth = { width: sample.width, height: sample.height, data: sample.mask };
    // HD95 only for the reported clicks (the simulator would compute it for all of them, up to the
    // cap): measured on the mask the simulator continues from (the predicted-best candidate).
    const hd95s: number[] = [];
    let predictedIou1 = Number.NaN;
    const decode = decodeFor(sample);
    const withHd95 = options.withHd95 ?? true;
    const session = await runInteractive(
      truth,
      async (prompt) => {
        const output = await decode(prompt);
        if (prompt.clicks.length === 1) predictedIou1 = output.iou[output.best] ?? Number.NaN;
        if (withHd95 && prompt.clicks.length <= reported) {
          hd95s[prompt.clicks.length - 1] = hd95(logitsToMask(output.masks[output.best] as Float32Array, output.size), truth);
        }
        return output;
      },
      { maxClicks: cap, stopAtIou: 0.9, minClicks: reported },
    );
    // A perfect mask ends the clicking early: the simulator repeats its last metrics, so does HD95.
    for (let k = 0; withHd95 && k < reported; k++) hd95s[k] ??= hd95s[k - 1] ?? Number.NaN;
    images.push({
      id: sample.id ?? String(i),
      iou: session.ious.slice(0, reported),
      dice: session.dices.slice(0, reported),
      hd95: hd95s.slice(0, reported),
      noc85: numberOfClicks(session.ious, 0.85, cap),
      noc90: numberOfClicks(session.ious, 0.9, cap),
      predictedIou1,
    });
    options.onImage?.(i + 1, source.size);
  }
  return { images, summary: summarise(images) };
}

/** An ONNX decoder (sam.onnx or an exported fine-tuned model) as a click-simulator decoder. */
export function onnxDecodeFn(runtime: SessionWithRuntime): DecodeFnFactory {
  return (sample) => (prompt) =>
    decodeMask(runtime, { data: sample.embedding, dims: [1, 256, 64, 64] }, prompt, { width: sample.width, height: sample.height });
}

/**
 * The TF.js decoder as a click-simulator decoder. With `fusion`, the first click is the initial
 * group (×λ) and later clicks the guided group (×μ) — the convention the ONNX export bakes in.
 */
export function tfDecodeFn(decoder: SamDecoder, fusion?: FusionWeights): DecodeFnFactory {
  return (sample) => async (prompt): Promise<DecoderOutput> => {
    const size = { width: sample.width, height: sample.height };
    const { coords, labels, count } = encodePrompt(prompt, size);
    const { lowRes, iou } = tf.tidy(() => {
      const out = decoder.forward({
        imageEmbeddings: tf.tensor4d(sample.embedding, [1, 256, 64, 64]),
        pointCoords: tf.tensor3d(coords, [1, count, 2]),
        pointLabels: tf.tensor2d(labels, [1, count]),
        maskInput: prompt.maskInput ? tf.tensor4d(prompt.maskInput, [1, 1, LOW_RES_SIZE, LOW_RES_SIZE]) : undefined,
        fusion: fusion ? { ...fusion, initialCount: 1 } : undefined,
      });
      const ious = out.iouPredictions.dataSync();
      const index = selectMaskIndex(ious, count);
      const low = tf.slice(out.lowResMasks, [0, index, 0, 0], [1, 1, LOW_RES_SIZE, LOW_RES_SIZE]).dataSync() as Float32Array;
      return { lowRes: low, iou: ious[index] as number };
    });
    return { size, masks: [upscaleLowResLogits(lowRes, size)], lowRes: [lowRes], iou: [iou], best: 0 };
  };
}
