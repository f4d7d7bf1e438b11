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
      settings: { mode: "adapter", regime: "fusion", epochs: 1, accumulate: 1, learningRate: 1e-3 },
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
    expect(second.deployedScoresReused).toBe(false);

    // Stored scores of the deployed model are used as they are, not recomputed.
    const reused = await trainRound({ ...input, settings: { ...input.settings, epochs: 0 }, warmStart: { weights: first.weights, lambda: first.lambda, mu: first.mu }, deployedScores: first.metrics.candidate });
    expect(reused.deployedScoresReused).toBe(true);
    expect(reused.metrics.deployed).toBe(first.metrics.candidate);
  }, SLOW);

  it("cold start: a handful of masks trains the prompt-encoder parts only, and a full round continues from it", async () => {
    const base = {
      validation,
      evaluation: { reportedClicks: 3, nocCap: 3, withHd95: false },
      openOnnx: (bytes: Uint8Array) => nodeOnnxRuntime(bytes, 1),
    };
    const cold = await trainRound({ ...base, samples: train, settings: { coldStart: { epochs: 1, regime: "stage1" } } });
    expect(cold.mode).toBe("prompt");
    expect(cold.adapterRank).toBeNull();
    expect(cold.training.steps).toBe(train.length);
    const names = [...cold.weights.keys()];
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n.startsWith("prompt_encoder."))).toBe(true);
    // Trained: some prompt-encoder parameter moved.
    const untouched = await trainRound({ ...base, samples: train, settings: { coldStart: { epochs: 0 } } });
    const moved = names.some((n) => cold.weights.get(n)!.data.some((v, i) => v !== untouched.weights.get(n)!.data[i]));
    expect(moved).toBe(true);

    // Once masks accumulate: the full adapter round warm-starts from the prompt-learned version.
    const full = await trainRound({ ...base, samples: train, settings: { coldStart: { below: 1 }, epochs: 1 }, warmStart: { weights: cold.weights } });
    expect(full.mode).toBe("adapter");
    expect(full.adapterRank).toBe(32);
    expect([...full.weights.keys()].some((n) => n.startsWith("adapter."))).toBe(true);

    // A warm start with adapters is never demoted to prompt learning by `auto`.
    const after = await trainRound({ ...base, samples: train.slice(0, 1), settings: { epochs: 0, coldStart: { epochs: 0 } }, warmStart: { weights: full.weights } });
    expect(after.mode).toBe("adapter");
  }, SLOW);
});
