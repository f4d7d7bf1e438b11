import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import type onnxProto from "onnx-proto";
import * as ort from "onnxruntime-node";
import * as ortWeb from "onnxruntime-web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../src/backend/select.js";
import { seededRandom } from "../src/model/parameters.js";
import { SamDecoder, selectMaskIndex } from "../src/model/sam-decoder.js";
import { exportDecoderOnnx } from "../src/onnx/export-decoder.js";
import { decodeModel, minisamModelPath } from "../src/weights/onnx-weights.js";
import { PROMPT_CASES, maxAbsDiff, randomEmbedding, randomMaskLogits, runOrt, tfPromptInputs } from "./model-fixtures.js";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function perturb(decoder: SamDecoder, seed: number, amplitude = 0.05): void {
  const random = seededRandom(seed);
  const weights = decoder.getTrainableWeights();
  for (const w of weights.values()) for (let i = 0; i < w.data.length; i++) w.data[i]! += (2 * random() - 1) * amplitude;
  decoder.setTrainableWeights(weights);
}

function signature(bytes: Uint8Array) {
  const graph = decodeModel(bytes).graph!;
  const describe = (v: onnxProto.onnx.IValueInfoProto) => ({
    name: v.name,
    elemType: v.type!.tensorType!.elemType,
    rank: v.type!.tensorType!.shape!.dim!.length,
  });
  return { inputs: graph.input!.map(describe), outputs: graph.output!.map(describe) };
}

describe("decoder ONNX export", () => {
  let trained: SamDecoder;
  const fusion = { lambda: 0.85, mu: 1.2 };
  const embedding = randomEmbedding(21);
  const mask = randomMaskLogits(22);

  beforeAll(async () => {
    await selectBackend({ prefer: ["wasm"], log: () => {} });
    trained = new SamDecoder({ adapterRank: 32, seed: 4 });
    perturb(trained, 5); // random non-zero adapters and prompt embeddings
  });
  afterAll(() => trained.dispose());

  it("has exactly sam.onnx's inputs and outputs, opset 17", () => {
    const bytes = exportDecoderOnnx(trained, { fusion });
    expect(signature(bytes)).toEqual(signature(readFileSync(minisamModelPath("sam.onnx"))));
    expect(decodeModel(bytes).opsetImport!.map((o) => Number(o.version))).toEqual([17]);
  });

  it("is deterministic: same weights, same bytes (SHA-256); other weights, other bytes", () => {
    const a = exportDecoderOnnx(trained, { fusion });
    const b = exportDecoderOnnx(trained, { fusion });
    expect(sha256(a)).toBe(sha256(b));
    expect(sha256(exportDecoderOnnx(trained, { fusion: { lambda: 0.9, mu: 1.2 } }))).not.toBe(sha256(a));
  });

  it("an export of the untouched base decoder reproduces sam.onnx, upscaled masks included", async () => {
    const base = new SamDecoder({ adapterRank: null });
    const exported = await ort.InferenceSession.create(exportDecoderOnnx(base));
    const reference = await ort.InferenceSession.create(minisamModelPath("sam.onnx"));
    for (const prompt of PROMPT_CASES) {
      const a = await runOrt(exported, embedding, prompt, mask, [333, 517]);
      const b = await runOrt(reference, embedding, prompt, mask, [333, 517]);
      expect(a.masks.dims).toEqual([1, 1, 333, 517]);
      expect(maxAbsDiff(a.masks.data as Float32Array, b.masks.data as Float32Array)).toBeLessThan(1e-3);
      expect(maxAbsDiff(a.lowRes, b.lowRes)).toBeLessThan(1e-3);
      expect(maxAbsDiff(a.iou, b.iou)).toBeLessThan(1e-4);
    }
    base.dispose();
  });

  it("onnxruntime-node on the exported file matches the TF.js forward pass (adapters, fusion, mask prompt)", async () => {
    const session = await ort.InferenceSession.create(exportDecoderOnnx(trained, { fusion }));
    const clicksThenBox = { name: "click, click, box", coords: [[520, 380], [300, 700], [400, 300], [700, 620]], labels: [1, 0, 2, 3] } as const;
    for (const prompt of [...PROMPT_CASES, clicksThenBox]) {
      for (const withMask of [false, true]) {
        const onnx = await runOrt(session, embedding, prompt, withMask ? mask : null);
        // the export convention is the TF.js forward with initialCount 1 (box corners always initial)
        const { lowResMasks, iouPredictions } = trained.forward({ ...tfPromptInputs(embedding, prompt, withMask ? mask : null), fusion: { ...fusion, initialCount: 1 } });
        const masks = lowResMasks.dataSync();
        const iou = iouPredictions.dataSync();
        tf.dispose([lowResMasks, iouPredictions]);
        const k = selectMaskIndex(iou, prompt.labels.length);
        expect(maxAbsDiff(onnx.lowRes, masks, k * 65536)).toBeLessThan(1e-3);
        expect(Math.abs(onnx.iou[0]! - iou[k]!)).toBeLessThan(1e-4);
      }
    }
  });

  it("multimask variant returns mask tokens 1..3", async () => {
    const bytes = exportDecoderOnnx(trained, { fusion, multimask: true });
    const session = await ort.InferenceSession.create(bytes);
    const prompt = PROMPT_CASES[0]!;
    const onnx = await runOrt(session, embedding, prompt, null, [480, 640]);
    expect(onnx.masks.dims).toEqual([1, 3, 480, 640]);
    expect(onnx.lowRes).toHaveLength(3 * 65536);
    const { lowResMasks, iouPredictions } = trained.forward({ ...tfPromptInputs(embedding, prompt, null), fusion: { ...fusion, initialCount: 1 } });
    const masks = lowResMasks.dataSync();
    const iou = iouPredictions.dataSync();
    tf.dispose([lowResMasks, iouPredictions]);
    expect(maxAbsDiff(onnx.lowRes, masks, 65536, 3 * 65536)).toBeLessThan(1e-3);
    expect(maxAbsDiff(onnx.iou, Array.from(iou).slice(1))).toBeLessThan(1e-4);
  });

  it("loads and runs in onnxruntime-web (wasm backend, in Node) with the same result", async () => {
    ortWeb.env.wasm.numThreads = 1;
    const bytes = exportDecoderOnnx(trained, { fusion });
    const web = await ortWeb.InferenceSession.create(bytes);
    const node = await ort.InferenceSession.create(bytes);
    const prompt = PROMPT_CASES[1]!;
    const n = prompt.labels.length;
    const feeds = {
      image_embeddings: new ortWeb.Tensor("float32", embedding, [1, 256, 64, 64]),
      point_coords: new ortWeb.Tensor("float32", Float32Array.from(prompt.coords.flat()), [1, n, 2]),
      point_labels: new ortWeb.Tensor("float32", Float32Array.from(prompt.labels), [1, n]),
      mask_input: new ortWeb.Tensor("float32", mask, [1, 1, 256, 256]),
      has_mask_input: new ortWeb.Tensor("float32", Float32Array.from([1]), [1]),
      orig_im_size: new ortWeb.Tensor("float32", Float32Array.from([600, 800]), [2]),
    };
    const out = await web.run(feeds);
    const reference = await runOrt(node, embedding, prompt, mask);
    expect(out.masks!.dims).toEqual([1, 1, 600, 800]);
    expect(maxAbsDiff(out.low_res_masks!.data as Float32Array, reference.lowRes)).toBeLessThan(1e-3);
    await web.release();
  });
});
