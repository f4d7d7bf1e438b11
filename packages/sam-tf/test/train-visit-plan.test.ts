import { describe, expect, it } from "vitest";
import { createRng } from "../src/train/rng";
import { arraySource, prefetched, type SampleSource } from "../src/train/sample-source";
import type { TrainingSample } from "../src/train/sample-step";
import { planVisits } from "../src/train/visit-plan";

describe("planVisits", () => {
  it("without a budget visits every sample once per epoch", () => {
    const epochs = planVisits({ size: 7, epochs: 2, stepBudget: null }, createRng(1));
    expect(epochs).toHaveLength(2);
    for (const visits of epochs) expect([...visits].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("a budget larger than the passes changes nothing", () => {
    expect(planVisits({ size: 5, epochs: 1, stepBudget: 50 }, createRng(3))).toEqual(planVisits({ size: 5, epochs: 1, stepBudget: null }, createRng(3)));
  });

  it("with a budget: a fixed number of visits whatever the size, the new masks first, the rest replayed", () => {
    for (const size of [100, 1_000, 10_000]) {
      const recent = Array.from({ length: 20 }, (_, i) => size - 1 - i);
      const [visits] = planVisits({ size, epochs: 1, stepBudget: 50, recent }, createRng(2));
      expect(visits).toHaveLength(50);
      for (const r of recent) expect(visits).toContain(r);
      expect(new Set(visits).size).toBe(50); // one visit each at epochs = 1
    }
  });

  it("more new masks than the budget: only new ones", () => {
    const recent = Array.from({ length: 30 }, (_, i) => i + 70);
    const [visits] = planVisits({ size: 100, epochs: 1, stepBudget: 10, recent }, createRng(4));
    expect(visits).toHaveLength(10);
    for (const v of visits!) expect(v).toBeGreaterThanOrEqual(70);
  });

  it("is deterministic for a seed", () => {
    const input = { size: 500, epochs: 2, stepBudget: 64, recent: [1, 2, 3] };
    expect(planVisits(input, createRng(9))).toEqual(planVisits(input, createRng(9)));
  });
});

describe("prefetched", () => {
  const sample = (id: number): TrainingSample => ({ id: String(id), embedding: new Float32Array(1), mask: new Uint8Array(1), width: 1, height: 1 });

  it("loads in order, at most one sample ahead", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const loaded: number[] = [];
    const source: SampleSource = {
      size: 10,
      async get(index) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        loaded.push(index);
        await new Promise((resolve) => setImmediate(resolve));
        return sample(index);
      },
    };
    const seen: string[] = [];
    for await (const { sample: s } of prefetched(source, [3, 1, 4, 1, 5])) {
      seen.push(s.id!);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
    }
    expect(seen).toEqual(["3", "1", "4", "1", "5"]);
    expect(loaded).toEqual([3, 1, 4, 1, 5]);
    expect(maxInFlight).toBeLessThanOrEqual(2);
  });

  it("surfaces a failed load at its turn", async () => {
    const source: SampleSource = { size: 2, get: async (i) => (i === 1 ? Promise.reject(new Error("gone")) : sample(i)) };
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const { index } of prefetched(source, [0, 1])) seen.push(index);
      })(),
    ).rejects.toThrow("gone");
    expect(seen).toEqual([0]);
  });

  it("arraySource serves an array", async () => {
    const source = arraySource([sample(0), sample(1)]);
    expect(source.size).toBe(2);
    expect((await source.get(1)).id).toBe("1");
    await expect(source.get(2)).rejects.toThrow(RangeError);
  });
});
