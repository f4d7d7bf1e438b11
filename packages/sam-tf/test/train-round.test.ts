import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../src/backend/select.js";
import { isNotWorse } from "../src/train/evaluation-summary";
import { nodeOnnxRuntime } from "../src/train/node-onnx";
import { trainRound, type TrainRoundInput } from "../src/train/round";
import type { TrainingSample } from "../src/train/sample-step";
import { embeddedPhantoms, PHANTOMS } from "./train-phantoms";

// Real encoder + decoder passes on a shared 2-core machine: generous timeouts (not a speed check).
const SLOW = 600_000;

let train: TrainingSample[];
let validation: TrainingSample[];

beforeAll(async () => {
  await selectBackend({ prefer: ["wasm", "cpu"], log: () => {} });
  const samples = await embeddedPhantoms(PHANTOMS);
  train = samples.slice(0, 2);
  validation = samples.slice(2);
}, SLOW);

describe("trainRound", () => {
  it("trains, scores candidate and deployed on the validation set, and warm-starts the next round", async () => {
    const input: TrainRoundInput = {
      samples: train,
      validation,
      settings: { regime: "fusion", epochs: 1, accumulate: 1, learningRate: 1e-3 },
      evaluation: { reportedClicks: 3, nocCap: 4, withHd95: true },
      openOnnx: (bytes) => nodeOnnxRuntime(bytes, 1),
    };
    const steps: number[] = [];
    const first = await trainRound({ ...input, onProgress: (p) => steps.push(p.step) });
    expect(steps).toEqual([1, 2]);
    expect(first.metrics.candidate.images).toBe(1);
    expect(first.metrics.candidate.byClicks).toHaveLength(3);
    expect(first.metrics.deployed.byClicks[0]?.iou.mean).toBeGreaterThan(0);
    for (const k of [0, 1, 2]) expect(first.metrics.deployed.byClicks[k]?.hd95.mean).toBeGreaterThanOrEqual(0);
    expect(first.publish).toBe(isNotWorse(first.metrics.candidate, first.metrics.deployed));
    expect(first.onnx.byteLength).toBeGreaterThan(1_000_000);
    expect(first.weights.size).toBeGreaterThan(0);
    expect(first.lambda + first.mu).toBeCloseTo(2, 10);
    expect(first.trainableParameters).toBeGreaterThan(0);

    // A round with no training from the first candidate must score it exactly as the first round did.
    const second = await trainRound({ ...input, settings: { ...input.settings, epochs: 0 }, warmStart: { weights: first.weights, lambda: first.lambda, mu: first.mu } });
    expect(second.metrics.deployed).toEqual(first.metrics.candidate);
    expect(second.metrics.candidate).toEqual(first.metrics.candidate);
    expect(second.publish).toBe(true);

    // A deployed summary the caller already has skips that evaluation and is what the gate compares with.
    const third = await trainRound({ ...input, settings: { ...input.settings, epochs: 0 }, warmStart: { weights: first.weights, lambda: first.lambda, mu: first.mu }, deployedSummary: first.metrics.deployed });
    expect(third.metrics.deployed).toBe(first.metrics.deployed);
    expect(third.metrics.candidate).toEqual(first.metrics.candidate);
    expect(third.publish).toBe(isNotWorse(first.metrics.candidate, first.metrics.deployed));
  }, SLOW);
});
