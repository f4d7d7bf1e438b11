import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../src/backend/select.js";
import { SamDecoder } from "../src/model/sam-decoder.js";
import { createRng } from "../src/train/rng";
import { initialPoints, planPrompts, prepareTarget, sampleLoss, stepLoss, type TrainingSample } from "../src/train/sample-step";
import { resolveTrainSettings } from "../src/train/settings";
import { trainDecoder, type TrainProgress } from "../src/train/trainer";
import { embeddedPhantoms, PHANTOMS } from "./train-phantoms";

// Real encoder + decoder passes on a shared 2-core machine: generous timeouts (not a speed check).
const SLOW = 600_000;

let samples: TrainingSample[];
let decoder: SamDecoder;

beforeAll(async () => {
  await selectBackend({ prefer: ["wasm", "cpu"], log: () => {} });
  samples = await embeddedPhantoms(PHANTOMS.slice(0, 2));
  decoder = new SamDecoder({ seed: 3 });
}, SLOW);

// Centre click only (p = 0): the prompts are fixed, so the per-step losses are comparable.
const fixedPrompts = { stage1: { jitterProbability: 0 }, accumulate: 2, learningRate: 3e-3 };

describe("trainDecoder on real phantom embeddings", () => {
  it("lowers the loss and is deterministic for a seed", async () => {
    const initial = decoder.getTrainableWeights();
    const settings = resolveTrainSettings({ ...fixedPrompts, regime: "stage1", epochs: 4, seed: 5 });
    const first = await trainDecoder(decoder, samples, settings);
    expect(first.steps).toBe(4);
    expect(first.lossHistory.every(Number.isFinite)).toBe(true);
    expect(first.lossHistory.at(-1)).toBeLessThan((first.lossHistory[0] as number) * 0.95);

    decoder.setTrainableWeights(initial);
    const again = await trainDecoder(decoder, samples, settings);
    expect(again.lossHistory).toEqual(first.lossHistory);
    decoder.setTrainableWeights(initial);
  }, SLOW);

  it("runs the full regime (two stages + guided clicks + fusion) with flat memory", async () => {
    const progress: TrainProgress[] = [];
    const before = tf.memory().numTensors;
    const settings = resolveTrainSettings({ ...fixedPrompts, regime: "fusion", accumulate: 1, epochs: 2, maskPromptInStage2: true });
    const result = await trainDecoder(decoder, samples, settings, {
      onProgress: (p) => progress.push(p),
    });
    expect(result.steps).toBe(4);
    expect(progress.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    for (const p of progress) {
      expect(Number.isFinite(p.loss)).toBe(true);
      expect(p.lambda).toBeGreaterThanOrEqual(0.75);
      expect(p.lambda).toBeLessThanOrEqual(1.25);
      expect(p.lambda + p.mu).toBeCloseTo(2, 10);
    }
    // λ/μ move with the loss (ΔL ≠ 0 after the second step).
    expect(progress[3]?.lambda).not.toBe(1);
    // Nothing a step allocates survives it; the optimiser's slots go with the round.
    expect(tf.memory().numTensors).toBe(before);
  }, SLOW);

  it("stops with an AbortError when aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(trainDecoder(decoder, samples, resolveTrainSettings({ regime: "stage1" }), { signal: controller.signal })).rejects.toThrow(/abort/i);
  }, SLOW);
});

describe("sampleLoss (one pass) against planPrompts + stepLoss (the two-pass reference)", () => {
  it.each(["two-stage", "fusion"] as const)("%s: the same plan, the same loss and gradients", async (regime) => {
    const settings = resolveTrainSettings({ regime, seed: 2, maskPromptInStage2: regime === "fusion" });
    const fusion = { lambda: 1.1, mu: 0.9 };
    const sample = samples[0]!;
    const prepared = prepareTarget(sample);
    const embedding = tf.tensor4d(sample.embedding, [1, 256, 64, 64]);
    const target = tf.tensor4d(prepared.target, [1, 1, 256, 256]);
    const variables = decoder.trainableVariables();
    try {
      const plan = planPrompts(decoder, embedding, prepared, settings, fusion, createRng(7))!;
      expect(plan.guided.length).toBeGreaterThan(0);
      const reference = tf.variableGrads(() => stepLoss(decoder, embedding, target, plan, settings, fusion), variables);
      const initial = initialPoints(prepared, settings, createRng(7))!;
      expect(initial).toEqual(plan.initial);
      const fused = tf.variableGrads(() => sampleLoss(decoder, embedding, target, prepared, initial, settings, fusion), variables);
      expect(fused.value.dataSync()[0]).toBeCloseTo(reference.value.dataSync()[0]!, 5);
      for (const [name, grad] of Object.entries(reference.grads)) {
        const a = grad.dataSync();
        const b = fused.grads[name]!.dataSync();
        let maxDiff = 0;
        let maxAbs = 0;
        for (let i = 0; i < a.length; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
          maxAbs = Math.max(maxAbs, Math.abs(a[i]!));
        }
        expect(maxDiff, name).toBeLessThanOrEqual(1e-5 + 1e-4 * maxAbs);
      }
      tf.dispose([reference.value, fused.value, ...Object.values(reference.grads), ...Object.values(fused.grads)]);
    } finally {
      tf.dispose([embedding, target]);
    }
  }, SLOW);
});
