import { decodeFactored, densePrompt, prepareImageSide } from "../model/factored-decoder.js";
import { sparsePromptTokens, type ExportableDecoder, type ExportOptions } from "./export-decoder.js";
import { ElemType, GraphBuilder } from "./graph-builder.js";
import { OnnxOps } from "./onnx-ops.js";

/*
 * The fast browser variant of a decoder, as two ONNX files (see README.md):
 * - `image-side.onnx`, once per image: `image_embeddings [1,256,64,64]` → `image_tokens [1,4096,256]`,
 *   `keys0`, `values0`, `queries0` `[1,4096,128]`;
 * - `decoder-factored.onnx`, at every click: those four + sam.onnx's prompt inputs (no `orig_im_size`)
 *   → `low_res_masks [1,4,256,256]` and `iou_predictions [1,4]` of all 4 mask tokens. The caller picks
 *   the mask (sam.onnx's (N − 2.5) rule, or tokens 1..3 for multimask) and upscales it
 *   (`@clickloop/sam`'s `upscaleLowResLogits`): no in-graph resize to the image size.
 * Same parameters → same bytes; both files come from the same parameters and must be used together.
 */

export const IMAGE_SIDE_OUTPUTS = ["image_tokens", "keys0", "values0", "queries0"] as const;
const F = ElemType.FLOAT;

export function exportImageSideOnnx(decoder: ExportableDecoder): Uint8Array {
  const graph = new GraphBuilder("sam_decoder_image_side");
  const ops = new OnnxOps(graph, decoder.exportParameters());
  const embeddings = ops.declare(graph.addInput("image_embeddings", F, [1, 256, 64, 64]), 4);
  const side = prepareImageSide(ops, ops.transpose(embeddings, [0, 2, 3, 1]), decoder.adapterRank);
  const values = { image_tokens: side.tokens, keys0: side.keys0, values0: side.values0, queries0: side.queries0 };
  for (const name of IMAGE_SIDE_OUTPUTS) {
    graph.addNode("Identity", [values[name]], {}, [name]);
    graph.addOutput(name, F, [1, 4096, name === "image_tokens" ? 256 : 128]);
  }
  return graph.toBytes();
}

export function exportFactoredDecoderOnnx(decoder: ExportableDecoder, options: Pick<ExportOptions, "fusion"> = {}): Uint8Array {
  const graph = new GraphBuilder("sam_decoder_factored");
  const ops = new OnnxOps(graph, decoder.exportParameters());
  const side = {
    tokens: ops.declare(graph.addInput("image_tokens", F, [1, 4096, 256]), 3),
    keys0: ops.declare(graph.addInput("keys0", F, [1, 4096, 128]), 3),
    values0: ops.declare(graph.addInput("values0", F, [1, 4096, 128]), 3),
    queries0: ops.declare(graph.addInput("queries0", F, [1, 4096, 128]), 3),
  };
  const pointCoords = ops.declare(graph.addInput("point_coords", F, [1, "num_points", 2]), 3);
  const pointLabels = ops.declare(graph.addInput("point_labels", F, [1, "num_points"]), 2);
  const maskInput = ops.declare(graph.addInput("mask_input", F, [1, 1, 256, 256]), 4);
  const hasMaskInput = ops.declare(graph.addInput("has_mask_input", F, [1]), 1);

  const numPoints = ops.node("Gather", [ops.node("Shape", [pointLabels], 1), ops.int64([1])], 1, { axis: { int: 0 } });
  const sparse = sparsePromptTokens(ops, pointCoords, pointLabels, numPoints, options.fusion);
  const dense = densePrompt(ops, ops.transpose(maskInput, [0, 2, 3, 1]), hasMaskInput);
  const { masks, iouPredictions } = decodeFactored(ops, side, sparse, dense, decoder.adapterRank);
  graph.addNode("Identity", [masks], {}, ["low_res_masks"]);
  graph.addNode("Identity", [iouPredictions], {}, ["iou_predictions"]);
  graph.addOutput("low_res_masks", F, [1, 4, 256, 256]);
  graph.addOutput("iou_predictions", F, [1, 4]);
  return graph.toBytes();
}
