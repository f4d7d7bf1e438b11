import { predictMasks } from "../model/mask-decoder.js";
import type { ParameterValue } from "../model/parameters.js";
import { DENSE_PE, peEncoding } from "../model/position-embedding-random.js";
import { IMAGE_SIZE, embedMask, embedPoints, fusePromptGroups } from "../model/prompt-encoder.js";
import { ElemType, GraphBuilder } from "./graph-builder.js";
import { OnnxOps } from "./onnx-ops.js";

export interface ExportOptions {
  /** Dynamic-fusion scalars baked in (default λ = μ = 1: no scaling nodes are emitted). */
  readonly fusion?: { readonly lambda: number; readonly mu: number };
  /**
   * false (default): sam.onnx's single-mask outputs (`[1,1,…]`, selection by the (N − 2.5) rule);
   * true: SAM's multimask outputs, mask tokens 1..3 (`masks [1,3,H,W]`, `iou_predictions [1,3]`, `low_res_masks [1,3,256,256]`).
   */
  readonly multimask?: boolean;
  /** false: no `masks` output (no in-graph resize to the image size; `orig_im_size` unused). Default true. */
  readonly upscaledMasks?: boolean;
}

/** What the export needs from a model: its adapter rank and every parameter in model layout. */
export interface ExportableDecoder {
  readonly adapterRank: number | null;
  exportParameters(): ReadonlyMap<string, ParameterValue>;
}

const NUM_POINTS = "num_points";

/**
 * The decoder as an ONNX file with exactly sam.onnx's inputs and outputs, adapters, learned prompt
 * embeddings and fusion λ/μ baked in. Fusion convention: point 0 and box corners (labels 2/3) form
 * the initial group (×λ); later non-padding points are guided (×μ); padding points are unscaled
 * (= the TF.js forward with `initialCount: 1`).
 * Same parameters → same bytes.
 */
export function exportDecoderOnnx(decoder: ExportableDecoder, options: ExportOptions = {}): Uint8Array {
  const graph = new GraphBuilder(options.multimask ? "sam_decoder_multimask" : "sam_decoder");
  const ops = new OnnxOps(graph, decoder.exportParameters());
  const F = ElemType.FLOAT;
  const imageEmbeddings = ops.declare(graph.addInput("image_embeddings", F, [1, 256, 64, 64]), 4);
  const pointCoords = ops.declare(graph.addInput("point_coords", F, [1, NUM_POINTS, 2]), 3);
  const pointLabels = ops.declare(graph.addInput("point_labels", F, [1, NUM_POINTS]), 2);
  const maskInput = ops.declare(graph.addInput("mask_input", F, [1, 1, 256, 256]), 4);
  const hasMaskInput = ops.declare(graph.addInput("has_mask_input", F, [1]), 1);
  const origImSize = ops.declare(graph.addInput("orig_im_size", F, [2]), 1);

  const numPoints = ops.node("Gather", [ops.node("Shape", [pointLabels], 1), ops.int64([1])], 1, { axis: { int: 0 } });
  const sparse = sparsePromptTokens(ops, pointCoords, pointLabels, numPoints, options.fusion);
  // the dense positional encoding from the 64x64 grid (as sam.onnx does) instead of a 4 MB constant
  ops.defineComputedWeight(DENSE_PE, ops.reshape(peEncoding(ops, ops.constant(gridCentres(64), [1, 64 * 64, 2])), [1, 64 * 64, 256]));
  const dense = embedMask(ops, ops.transpose(maskInput, [0, 2, 3, 1]), hasMaskInput);
  const image = ops.transpose(imageEmbeddings, [0, 2, 3, 1]);
  const { masks, iouPredictions } = predictMasks(ops, image, sparse, dense, decoder.adapterRank);

  let lowRes: string;
  let iou: string;
  if (options.multimask) {
    lowRes = ops.slice(masks, 1, 1, 4);
    iou = ops.slice(iouPredictions, 1, 1, 4);
  } else {
    // SamOnnxModel.select_masks: argmax(iou + (num_points − 2.5)·[1000, 0, 0, 0])
    const n = ops.node("Cast", [numPoints], 1, { to: { int: F } });
    const reweight = ops.mul(ops.sub(n, ops.constant([2.5], [])), ops.constant([1000, 0, 0, 0], [1, 4]));
    const best = ops.node("ArgMax", [ops.add(iouPredictions, reweight)], 1, { axis: { int: 1 }, keepdims: { int: 0 } });
    lowRes = ops.node("Gather", [masks, best], 4, { axis: { int: 1 } });
    iou = ops.node("Gather", [iouPredictions, best], 2, { axis: { int: 1 } });
  }
  graph.addNode("Identity", [lowRes], {}, ["low_res_masks"]);
  graph.addNode("Identity", [iou], {}, ["iou_predictions"]);
  const k = options.multimask ? 3 : 1;
  if (options.upscaledMasks !== false) {
    graph.addNode("Identity", [postprocessMasks(ops, lowRes, origImSize)], {}, ["masks"]);
    graph.addOutput("masks", F, [1, k, "orig_h", "orig_w"]);
  }
  graph.addOutput("iou_predictions", F, [1, k]);
  graph.addOutput("low_res_masks", F, [1, k, 256, 256]);
  return graph.toBytes();
}

/**
 * The sparse prompt tokens `[1, N, 256]` of sam.onnx's point inputs, fusion λ/μ baked in
 * (point 0 and box corners ×λ, later clicks ×μ, padding unscaled); `numPoints` int64 `[1]`.
 */
export function sparsePromptTokens(
  ops: OnnxOps,
  pointCoords: string,
  pointLabels: string,
  numPoints: string,
  fusion: ExportOptions["fusion"],
): string {
  const F = ElemType.FLOAT;
  const sparse = embedPoints(ops, pointCoords, pointLabels);
  if (!fusion || (fusion.lambda === 1 && fusion.mu === 1)) return sparse;
  const index = ops.node("Cast", [ops.node("Range", [ops.int64([0]), numPoints, ops.int64([1])], 1)], 1, { to: { int: F } });
  const isFirst = ops.reshape(ops.equalTo(index, 0), [1, -1]);
  const isBox = ops.add(ops.equalTo(pointLabels, 2), ops.equalTo(pointLabels, 3));
  const isInitial = ops.node("Max", [isFirst, isBox], 2);
  return fusePromptGroups(ops, sparse, pointLabels, isInitial, ops.constant([fusion.lambda], []), ops.constant([fusion.mu], []));
}

/** (x, y) of pixel centres of a size×size grid in [0, 1], row-major: PositionEmbeddingRandom.forward's input. */
function gridCentres(size: number): Float32Array {
  const out = new Float32Array(size * size * 2);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      out[2 * (i * size + j)] = (j + 0.5) / size;
      out[2 * (i * size + j) + 1] = (i + 0.5) / size;
    }
  }
  return out;
}

/**
 * SamOnnxModel.mask_postprocessing: bilinear to 1024², crop the padding (longest side → 1024,
 * rounded), bilinear to `orig_im_size` (h, w). Same Resize attributes as sam.onnx.
 */
function postprocessMasks(ops: OnnxOps, lowRes: string, origImSize: string): string {
  const resize = { coordinate_transformation_mode: { string: "half_pixel" }, cubic_coeff_a: { float: -0.75 }, mode: { string: "linear" }, nearest_mode: { string: "floor" } } as const;
  const leading = (x: string) => ops.node("Slice", [ops.node("Shape", [x], 1), ops.int64([0]), ops.int64([2]), ops.int64([0])], 1);
  const concat0 = (xs: string[]) => ops.node("Concat", xs, 1, { axis: { int: 0 } });
  const full = ops.node("Resize", [lowRes, "", "", concat0([leading(lowRes), ops.int64([IMAGE_SIZE, IMAGE_SIZE])])], 4, resize);
  const scale = ops.div(ops.constant([IMAGE_SIZE], []), ops.node("ReduceMax", [origImSize], 0, { keepdims: { int: 0 } }));
  const prepadded = ops.node("Cast", [ops.node("Floor", [ops.add(ops.mul(origImSize, scale), ops.constant([0.5], []))], 1)], 1, {
    to: { int: ElemType.INT64 },
  });
  const cropped = ops.node("Slice", [full, ops.int64([0, 0]), prepadded, ops.int64([2, 3])], 4);
  const origSize = ops.node("Cast", [origImSize], 1, { to: { int: ElemType.INT64 } });
  return ops.node("Resize", [cropped, "", "", concat0([leading(cropped), origSize])], 4, resize);
}
