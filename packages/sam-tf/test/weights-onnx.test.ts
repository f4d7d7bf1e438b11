import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { baseParameters } from "../src/model/parameters.js";
import {
  decodeModel,
  expectedSamWeightNames,
  loadSamOnnxWeights,
  minisamModelPath,
  tensorShape,
} from "../src/weights/onnx-weights.js";

describe("sam.onnx weight recovery", () => {
  const bytes = readFileSync(minisamModelPath("sam.onnx"));
  const initializers = decodeModel(bytes).graph!.initializer!;
  const weights = loadSamOnnxWeights(bytes);

  it("maps all 136 initializers, including the unnamed ones, to SAM's official names", () => {
    expect(initializers).toHaveLength(136);
    // unnamed: 32 transformer MatMul weights, no_mask_embed, iou+mask tokens, 6 LayerNorm2d weights/biases
    expect(initializers.filter((t) => t.name!.startsWith("onnx::"))).toHaveLength(40);
    // the [1,5,256] output-token tensor is split into iou_token + mask_tokens: 137 official parameters
    expect([...weights.keys()].sort()).toEqual(expectedSamWeightNames().sort());
    expect(weights.size).toBe(137);
  });

  it("keeps every value: ≈4.06 M parameters, the same total as the file", () => {
    const fileTotal = initializers.reduce((n, t) => n + tensorShape(t).reduce((a, b) => a * b, 1), 0);
    const total = [...weights.values()].reduce((n, w) => n + w.data.length, 0);
    expect(total).toBe(fileTotal);
    expect(total).toBeGreaterThan(4.05e6);
    expect(total).toBeLessThan(4.07e6);
  });

  it("names unnamed weights by their consumer, in PyTorch layout", () => {
    const t = "mask_decoder.transformer";
    expect(weights.get(`${t}.layers.0.cross_attn_token_to_image.q_proj.weight`)!.shape).toEqual([128, 256]);
    expect(weights.get(`${t}.layers.1.cross_attn_image_to_token.out_proj.weight`)!.shape).toEqual([256, 128]);
    expect(weights.get(`${t}.layers.0.mlp.lin1.weight`)!.shape).toEqual([2048, 256]);
    expect(weights.get("mask_decoder.iou_token.weight")!.shape).toEqual([1, 256]);
    expect(weights.get("mask_decoder.mask_tokens.weight")!.shape).toEqual([4, 256]);
    expect(weights.get("prompt_encoder.no_mask_embed.weight")!.shape).toEqual([1, 256]);
    expect(weights.get("mask_decoder.output_upscaling.1.weight")!.shape).toEqual([64]);
    // a transposed MatMul weight: PyTorch [out,in] element (o, i) == ONNX [in,out] element (i, o)
    const onnxQ = initializers.find((init) => init.name === "onnx::MatMul_1933")!; // layers.0 token→image q_proj
    const raw = new Float32Array(new Uint8Array(onnxQ.rawData!).slice().buffer);
    const q = weights.get(`${t}.layers.0.cross_attn_token_to_image.q_proj.weight`)!;
    expect(q.data[5 * 256 + 17]).toBe(raw[17 * 128 + 5]);
  });

  it("fails loudly when a weight is missing or unused", () => {
    const missing = new Map(weights);
    missing.delete("mask_decoder.mask_tokens.weight");
    expect(() => baseParameters(missing)).toThrow(/mask_tokens.*missing/);
    const extra = new Map(weights);
    extra.set("mask_decoder.unexpected", { name: "mask_decoder.unexpected", shape: [1], data: new Float32Array(1) });
    expect(() => baseParameters(extra)).toThrow(/unused weights: mask_decoder.unexpected/);
  });
});
