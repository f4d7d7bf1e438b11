import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../src/backend/select.js";
import { seededRandom } from "../src/model/parameters.js";
import { fusePromptGroups } from "../src/model/prompt-encoder.js";
import { SamDecoder, type DecoderInputs } from "../src/model/sam-decoder.js";
import { TfOps } from "../src/model/tf-ops.js";
import { countOnnxParameters, minisamModelPath } from "../src/weights/onnx-weights.js";
import { PROMPT_CASES, maxAbsDiff, randomEmbedding, randomMaskLogits, tfPromptInputs } from "./model-fixtures.js";

function run(decoder: SamDecoder, inputs: DecoderInputs): { masks: Float32Array; iou: Float32Array } {
  const { lowResMasks, iouPredictions } = decoder.forward(inputs);
  const out = { masks: lowResMasks.dataSync() as Float32Array, iou: iouPredictions.dataSync() as Float32Array };
  tf.dispose([lowResMasks, iouPredictions]);
  return out;
}

/** Perturb every trainable weight (W_up included) so that adapters are active. */
function perturb(decoder: SamDecoder, seed: number, amplitude = 0.05): void {
  const random = seededRandom(seed);
  const weights = decoder.getTrainableWeights();
  for (const w of weights.values()) for (let i = 0; i < w.data.length; i++) w.data[i]! += (2 * random() - 1) * amplitude;
  decoder.setTrainableWeights(weights);
}

describe("SAMCA adapters and trainable prompt encoder (wasm backend)", () => {
  let base: SamDecoder;
  let adapted: SamDecoder;
  const embedding = randomEmbedding(5);
  const mask = randomMaskLogits(6);
  const prompt = PROMPT_CASES[1]!; // 3 clicks + padding
  const inputs = () => tfPromptInputs(embedding, prompt, mask);

  beforeAll(async () => {
    await selectBackend({ prefer: ["wasm"], log: () => {} });
    base = new SamDecoder({ adapterRank: null });
    adapted = new SamDecoder({ adapterRank: 32, seed: 1 });
  });
  afterAll(() => {
    base.dispose();
    adapted.dispose();
  });

  it("an untrained adapted model (W_up = 0, R_l = 0) equals the base model", () => {
    const a = run(base, inputs());
    const b = run(adapted, inputs());
    expect(maxAbsDiff(a.masks, b.masks)).toBeLessThan(1e-6);
    expect(maxAbsDiff(a.iou, b.iou)).toBeLessThan(1e-6);
  });

  it("trainable parameters: < 5% of MobileSAM's encoder + decoder", () => {
    const encoder = countOnnxParameters(readFileSync(minisamModelPath("encoder.onnx")));
    const decoder = adapted.baseParameterCount();
    const trainable = adapted.trainableParameterCount();
    expect(decoder).toBe(4_064_816);
    expect(encoder).toBeGreaterThan(5e6);
    // adapters: attn 26 208 + mlp 16 960 + embedding 25 920; prompt encoder parts: 6 220
    expect(trainable).toBe(75_308);
    expect(trainable / (encoder + decoder)).toBeLessThan(0.05);
    expect(base.trainableParameterCount()).toBe(6_220);
  });

  it("is differentiable on wasm: every used trainable variable gets a finite, non-zero gradient", () => {
    const model = new SamDecoder({ adapterRank: 32, seed: 2 });
    perturb(model, 3, 0.02);
    const target = tf.tensor4d(randomMaskLogits(9).map((v) => (v > 0 ? 1 : 0)), [1, 1, 256, 256]);
    const names = model.trainableVariableNames();
    const { value, grads } = tf.variableGrads(() => {
      const { lowResMasks, iouPredictions } = model.forward({ ...inputs(), fusion: { lambda: 0.9, mu: 1.1, initialCount: 1 } });
      const logits = tf.slice(lowResMasks, [0, 0, 0, 0], [1, 1, 256, 256]);
      return tf.add(tf.losses.sigmoidCrossEntropy(target, logits), tf.mean(iouPredictions)) as tf.Scalar;
    }, model.trainableVariables());
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    const withGradient = new Set<string>();
    for (const [id, g] of Object.entries(grads)) {
      const data = g.dataSync();
      expect(data.every(Number.isFinite)).toBe(true);
      if (data.some((v) => v !== 0)) withGradient.add(names[model.trainableVariables().findIndex((v) => v.name === id)]!);
    }
    // box-corner embeddings are unused by clicks and no_mask_embed by a mask prompt; all else must learn
    const unused = ["prompt_encoder.point_embeddings.2.weight", "prompt_encoder.point_embeddings.3.weight", "prompt_encoder.no_mask_embed.weight"];
    expect(names.filter((n) => !withGradient.has(n)).sort()).toEqual(unused.sort());
    tf.dispose([value, target, ...Object.values(grads)]);
    model.dispose();
  });

  it("a batch of 2 gives the same outputs as two single samples", () => {
    const other = randomEmbedding(7);
    const single = [run(adapted, inputs()), run(adapted, tfPromptInputs(other, prompt, mask))];
    const one = tfPromptInputs(embedding, prompt, mask);
    const two = tfPromptInputs(other, prompt, mask);
    const batched = run(adapted, {
      imageEmbeddings: tf.concat([one.imageEmbeddings, two.imageEmbeddings]) as tf.Tensor4D,
      pointCoords: tf.concat([one.pointCoords, two.pointCoords]) as tf.Tensor3D,
      pointLabels: tf.concat([one.pointLabels, two.pointLabels]) as tf.Tensor2D,
      maskInput: tf.concat([one.maskInput!, two.maskInput!]) as tf.Tensor4D,
      fusion: { lambda: 1, mu: 1, initialCount: 1 },
    });
    // batched products accumulate in another order: float noise only (a mix-up would be O(1))
    expect(maxAbsDiff(single[0]!.masks, batched.masks)).toBeLessThan(1e-3);
    expect(maxAbsDiff(single[1]!.masks, batched.masks, 4 * 65536)).toBeLessThan(1e-3);
    expect(maxAbsDiff(single[1]!.iou, batched.iou, 4)).toBeLessThan(1e-5);
  });

  it("dynamic fusion: λ = μ = 1 is the base behaviour, other values change the prediction", () => {
    const plain = run(adapted, inputs());
    const neutral = run(adapted, { ...inputs(), fusion: { lambda: 1, mu: 1, initialCount: 1 } });
    const fused = run(adapted, { ...inputs(), fusion: { lambda: 1.25, mu: 0.75, initialCount: 1 } });
    expect(maxAbsDiff(plain.masks, neutral.masks)).toBe(0);
    expect(maxAbsDiff(plain.masks, fused.masks)).toBeGreaterThan(1e-2);
  });

  it("rejects inputs of the wrong shape with a clear message", () => {
    const good = inputs();
    expect(() => adapted.forward({ ...good, pointLabels: tf.tensor2d([[1, 1]]) })).toThrow(/pointCoords \[1,4,2\] != \[1,2,2\]/);
    expect(() => adapted.forward({ ...good, maskInput: tf.zeros([1, 1, 64, 64]) as tf.Tensor4D })).toThrow(/maskInput/);
  });

  it("dynamic fusion scales initial tokens by λ, guided by μ, padding not at all", () => {
    const ops = new TfOps(new Map());
    const scaled = tf.tidy(() =>
      fusePromptGroups(ops, tf.ones([1, 4, 2]), tf.tensor2d([[1, 0, 1, -1]]), tf.tensor2d([[1, 0, 0, 0]]), tf.scalar(0.8), tf.scalar(1.2)),
    );
    expect(Array.from(scaled.dataSync())).toEqual(Array.from(Float32Array.from([0.8, 0.8, 1.2, 1.2, 1.2, 1.2, 1, 1])));
    scaled.dispose();
  });
});
