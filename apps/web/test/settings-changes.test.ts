import { describe, expect, it } from "vitest";
import { changedSettings } from "../src/components/settings/changed-settings";

describe("settings form", () => {
  const saved = { requireReview: false, overlap: 1 as const, autoTrainThreshold: 20 };
  it("sends only the keys that changed", () => {
    expect(changedSettings(saved, { requireReview: false, overlap: 1, autoTrainThreshold: "20" })).toEqual({});
    expect(changedSettings(saved, { requireReview: true, overlap: 1, autoTrainThreshold: "20" })).toEqual({ requireReview: true });
    expect(changedSettings(saved, { requireReview: false, overlap: 2, autoTrainThreshold: "35" })).toEqual({ overlap: 2, autoTrainThreshold: 35 });
  });
  it("leaves out a threshold that is not a whole number (the form shows the error)", () => {
    expect(changedSettings(saved, { requireReview: false, overlap: 1, autoTrainThreshold: "2.5" })).toEqual({});
    expect(changedSettings(saved, { requireReview: false, overlap: 1, autoTrainThreshold: "" })).toEqual({});
  });
});
