import { describe, expect, it } from "vitest";
import { splitOf } from "@clickloop/sam";
import { trainRoundOptionsFromEnv } from "../src/training/env-settings";
import { chooseSplits, isValidationImage, splitId, validationTarget } from "../src/training/split";

describe("round settings from the environment", () => {
  it("reads the overrides it knows and leaves the rest to sam-tf's defaults", () => {
    expect(trainRoundOptionsFromEnv({})).toEqual({ train: {} });
    expect(trainRoundOptionsFromEnv({ TRAIN_EPOCHS: "3", TRAIN_ACCUMULATE: "8", TRAIN_LEARNING_RATE: "0.0005", TRAIN_EVAL_NOC_CAP: "10" })).toEqual({
      train: { epochs: 3, accumulate: 8, learningRate: 0.0005 },
      evaluation: { nocCap: 10 },
    });
  });

  it("reads the round's budget, mode and validation cap", () => {
    expect(trainRoundOptionsFromEnv({ TRAIN_STEP_BUDGET: "64", TRAIN_MODE: "adapter", TRAIN_MAX_VALIDATION: "20" })).toEqual({
      train: { stepBudget: 64, mode: "adapter" },
      maxValidation: 20,
    });
    expect(trainRoundOptionsFromEnv({ TRAIN_STEP_BUDGET: "none" })).toEqual({ train: { stepBudget: null } });
    expect(() => trainRoundOptionsFromEnv({ TRAIN_MODE: "turbo" })).toThrow();
  });

  it("refuses nonsense instead of training with it", () => {
    expect(() => trainRoundOptionsFromEnv({ TRAIN_EPOCHS: "0" })).toThrow();
    expect(() => trainRoundOptionsFromEnv({ TRAIN_LEARNING_RATE: "fast" })).toThrow();
  });
});

describe("chooseSplits", () => {
  const candidates = (names: string[]) => names.map((originalName, i) => ({ imageId: `id-${i}`, originalName }));
  const trainNames = (n: number) => Array.from({ length: 400 }, (_, i) => `img_${i}.png`).filter((name) => !isValidationImage(name)).slice(0, n);

  it("tops up validation from new images when the hash rule gives too few, never from assigned ones", () => {
    const chosen = chooseSplits(new Map(), candidates(trainNames(10)));
    expect([...chosen.values()].filter((s) => s === "validation")).toHaveLength(validationTarget(10));
    // Already assigned training images stay; only the new ones may become validation.
    const assigned = new Map([...chosen].map(([id]) => [id, "train" as const]));
    const more = chooseSplits(assigned, candidates(trainNames(15)).slice(10).map((c, i) => ({ ...c, imageId: `new-${i}` })));
    expect([...more.values()].filter((s) => s === "validation")).toHaveLength(validationTarget(15));
  });

  it("keeps at least one training image and needs two masks for a validation image", () => {
    expect(validationTarget(1)).toBe(0);
    expect([...chooseSplits(new Map(), candidates(trainNames(1))).values()]).toEqual(["train"]);
    expect([...chooseSplits(new Map(), candidates(trainNames(2))).values()].sort()).toEqual(["train", "validation"]);
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
