// Smoke test of the campaign benchmark's loop (apps/worker/bench/campaign) on phantoms with the real
// encoder, decoders and one tiny training round: the loop runs end to end and its records add up.
import { phantomPng } from "@clickloop/phantom/node";
import { meanPoolEmbedding } from "@clickloop/sam/active-learning";
import { createImageEmbedder } from "@clickloop/sam/node";
import { selectBackend } from "@clickloop/sam-tf";
import type { TrainingSample } from "@clickloop/sam-tf/train";
import { beforeAll, describe, expect, it } from "vitest";
import { parseStrategy, runCampaign, spearman, type CampaignData, type PoolImage } from "../bench/campaign/loop";

const SLOW = 900_000;
let data: CampaignData;

beforeAll(async () => {
  await selectBackend({ prefer: ["wasm", "cpu"], log: () => {} });
  const embedder = await createImageEmbedder({ threads: 1 });
  const embeddings = new Map<string, Float32Array>();
  const samples: TrainingSample[] = [];
  try {
    for (const seed of [21, 22, 23, 24, 25, 26]) {
      const { image, phantom } = await phantomPng({ seed, width: 160, height: 128, lesions: 1, kind: "hypo" });
      const embedding = (await embedder.embedImage(new Uint8Array(image))).data;
      embeddings.set(`p${seed}`, embedding);
      samples.push({ id: `p${seed}`, embedding, mask: phantom.mask, width: phantom.width, height: phantom.height });
    }
  } finally {
    await embedder.release();
  }
  const pool: PoolImage[] = samples.slice(1).map((s) => ({ id: s.id as string, width: s.width, height: s.height, mask: s.mask, pooled: meanPoolEmbedding(s.embedding, s) }));
  data = { pool, validation: samples.slice(0, 1), loadEmbedding: async (id) => embeddings.get(id) as Float32Array };
}, SLOW);

describe("campaign loop", () => {
  it("parses strategies and ablations", () => {
    expect(parseStrategy("uncertainty:entropy")).toBe("uncertainty:entropy");
    expect(() => parseStrategy("uncertainty:bogus")).toThrow(/ablations/);
    expect(() => parseStrategy("fifo")).toThrow(/unknown/);
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 10);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 10);
  });

  it("serves, annotates from pre-annotations after the first round, trains, gates and re-scores", async () => {
    const messages: string[] = [];
    const result = await runCampaign(data, {
      strategy: "uncertainty",
      seed: 1,
      batch: 2,
      rounds: 1,
      stepsPerRound: 1,
      train: {},
      evaluation: { reportedClicks: 3, nocCap: 3, withHd95: false },
      negatives: 0,
      targetIou: 0.9,
      clickCap: 3,
      threads: 1,
      log: (m) => messages.push(m),
    });
    expect(result.rounds).toHaveLength(2);
    const [first, last] = result.rounds as [(typeof result.rounds)[0], (typeof result.rounds)[0]];
    // Cold start: no prototype, no pre-annotation; diversity order.
    expect(first.annotatedWithVersion).toBe(0);
    expect(first.annotation.fromPreAnnotation).toBe(0);
    expect(first.served).toHaveLength(2);
    expect(first.training?.samples).toBe(1);
    expect(first.training?.steps).toBe(3); // cold start: a prompt-encoder-only round, 3 epochs over the 1 sample
    expect(result.published + result.rejected).toBe(1);
    expect(first.validation?.dice1).toBeGreaterThan(0);
    expect(result.baseValidation?.dice1).toBeGreaterThan(0);
    // Re-scored the 3 unlabeled images; the last batch starts from their pre-annotations.
    expect(first.signal?.images).toBe(3);
    expect(last.served).toHaveLength(2);
    expect(last.served.some((id) => first.served.includes(id))).toBe(false);
    expect(last.annotation.fromPreAnnotation).toBe(2);
    expect(last.training).toBeNull();
    expect(last.validation).toBeNull();
    for (const r of result.rounds) {
      expect(r.annotation.clicksPerMask).toBeGreaterThanOrEqual(0);
      expect(r.annotation.clicksPerMask).toBeLessThanOrEqual(3);
    }
    expect(messages.some((m) => m.includes("round 0"))).toBe(true);
  }, SLOW);
});
