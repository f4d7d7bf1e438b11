import { describe, expect, it } from "vitest";
import { splitOf } from "@clickloop/sam";
import { trainRoundOptionsFromEnv } from "../src/training/env-settings";
import { isValidationImage, splitId } from "../src/training/split";

describe("round settings from the environment", () => {
  it("reads the overrides it knows and leaves the rest to sam-tf's defaults", () => {
    expect(trainRoundOptionsFromEnv({})).toEqual({ train: {} });
    expect(trainRoundOptionsFromEnv({ TRAIN_EPOCHS: "3", TRAIN_ACCUMULATE: "8", TRAIN_LEARNING_RATE: "0.0005", TRAIN_EVAL_NOC_CAP: "10" })).toEqual({
      train: { epochs: 3, accumulate: 8, learningRate: 0.0005 },
      evaluation: { nocCap: 10 },
    });
  });

  it("refuses nonsense instead of training with it", () => {
    expect(() => trainRoundOptionsFromEnv({ TRAIN_EPOCHS: "0" })).toThrow();
    expect(() => trainRoundOptionsFromEnv({ TRAIN_LEARNING_RATE: "fast" })).toThrow();
  });
});

describe("validation split", () => {
  it("splits on the file stem with the benchmark's FNV rule, so a folder import validates on the benchmark's test ids", () => {
    expect(splitId("benign (12).png")).toBe("benign (12)");
    expect(splitId("scans/2024/case.07.jpeg")).toBe("case.07");
    expect(splitId("noext")).toBe("noext");
    const names = Array.from({ length: 200 }, (_, i) => `img_${i}.png`);
    for (const name of names) expect(isValidationImage(name)).toBe(splitOf(splitId(name)) === "test");
    const share = names.filter(isValidationImage).length / names.length;
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.3);
  });
});
