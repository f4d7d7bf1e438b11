import { describe, expect, it } from "vitest";
import { DynamicFusion, defaultFusionSettings, fusionWeights } from "../src/train/dynamic-fusion";

describe("fusionWeights", () => {
  it("is (1,1) when the loss does not change", () => {
    expect(fusionWeights(0)).toEqual({ lambda: 1, mu: 1 });
  });

  it("stays within [0.75, 1.25] for any loss change", () => {
    for (const delta of [-1e6, -3, -0.1, 0.05, 2, 1e6]) {
      const { lambda, mu } = fusionWeights(delta);
      for (const w of [lambda, mu]) {
        expect(w).toBeGreaterThanOrEqual(0.75);
        expect(w).toBeLessThanOrEqual(1.25);
      }
      expect(lambda + mu).toBeCloseTo(2, 10);
    }
  });

  it("follows eq. 2–3: a falling loss raises λ and lowers μ, a rising loss the reverse", () => {
    const falling = fusionWeights(-0.05);
    const rising = fusionWeights(0.05);
    expect(falling.lambda).toBeGreaterThan(1);
    expect(falling.mu).toBeLessThan(1);
    expect(rising.lambda).toBeLessThan(1);
    expect(rising.mu).toBeGreaterThan(1);
    const z = defaultFusionSettings.zeta;
    expect(rising.mu).toBeCloseTo(0.75 + 0.5 / (1 + Math.exp(-z * 0.05)), 12);
  });
});

describe("DynamicFusion", () => {
  it("uses the change of the exponentially smoothed loss", () => {
    const fusion = new DynamicFusion({ ...defaultFusionSettings, smoothing: 0.5 });
    expect(fusion.update(1)).toEqual({ lambda: 1, mu: 1 });
    fusion.update(0.8); // S: 1 → 0.9, ΔL = -0.1
    expect(fusion.deltaLoss).toBeCloseTo(-0.1, 12);
    expect(fusion.weights().lambda).toBeGreaterThan(1);
    fusion.update(0.9); // S stays 0.9, ΔL = 0
    expect(fusion.deltaLoss).toBeCloseTo(0, 12);
    fusion.update(1.3); // S: 0.9 → 1.1, ΔL = +0.2
    expect(fusion.deltaLoss).toBeCloseTo(0.2, 12);
    expect(fusion.weights().mu).toBeGreaterThan(1);
  });

  it("damps per-step noise: an alternating loss keeps λ, μ near 1", () => {
    const fusion = new DynamicFusion();
    let extreme = 0;
    for (let i = 0; i < 50; i++) {
      const { lambda } = fusion.update(i % 2 === 0 ? 10 : 12);
      extreme = Math.max(extreme, Math.abs(lambda - 1));
    }
    expect(extreme).toBeLessThan(0.1);
    expect(Math.abs(fusion.weights().lambda - 1)).toBeLessThan(0.06);
  });

  it("ignores non-finite losses", () => {
    const fusion = new DynamicFusion();
    fusion.update(1);
    fusion.update(Number.NaN);
    expect(fusion.deltaLoss).toBe(0);
  });
});

describe("DynamicFusion warm start", () => {
  it("continues from stored weights", () => {
    const stored = fusionWeights(-0.03);
    const fusion = new DynamicFusion(defaultFusionSettings, stored);
    expect(fusion.weights().lambda).toBeCloseTo(stored.lambda, 10);
    expect(fusion.weights().mu).toBeCloseTo(stored.mu, 10);
    expect(fusion.deltaLoss).toBeCloseTo(-0.03, 10);
  });
});
