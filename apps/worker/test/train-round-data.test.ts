// A round's data plan (finding 14 of the hardening review): validation images are chosen so that a
// project with enough masks always has some, whatever its file names; sides never change once set;
// a project that cannot train fails before any file is read; preparation reports n of N; samples
// are served one at a time from storage.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { imageSplits } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import type { EmbedderSource } from "../src/training/embedder";
import { loadRoundData, RoundDataError } from "../src/training/samples";
import { isValidationImage } from "../src/training/split";
import { createTrainingFixture, type TrainingFixture } from "./train-round-fixtures";

/** A stand-in encoder (this file is about the data plan; train-round.test.ts runs the real one). */
function constantEmbedder(): EmbedderSource & { calls: number } {
  return {
    calls: 0,
    encoderId: async () => "test-encoder",
    async embed() {
      this.calls++;
      return { data: new Float32Array(256 * 64 * 64).fill(0.5), shape: [1, 256, 64, 64] };
    },
    release: async () => {},
  };
}

/** Counts storage reads. */
function countingStorage(storage: Storage): Storage & { reads: number } {
  const counting = Object.create(storage) as Storage & { reads: number };
  counting.reads = 0;
  counting.get = async (key: string) => {
    counting.reads++;
    return storage.get(key);
  };
  return counting;
}

describe("a round's data", () => {
  let f: TrainingFixture;

  beforeAll(async () => {
    f = await createTrainingFixture();
  });
  afterAll(async () => f?.cleanup());

  it("a project whose file names all hash into the training fold still validates on about a fifth, and sides never move", async () => {
    const projectId = await f.createProject("All train names");
    const names = await f.importPhantoms(projectId, { train: 5, validation: 0 });
    expect(names.some(isValidationImage)).toBe(false);
    const embedder = constantEmbedder();
    const progress: [number, number][] = [];
    const data = await loadRoundData(f.ctx, projectId, { embedder, onPrepare: (done, total) => progress.push([done, total]) });
    expect(data.counts).toEqual({ train: 4, validation: 1 });
    expect([data.train.size, data.validation.size]).toEqual([4, 1]);
    // Missing embeddings were prepared up front, reported n of N.
    expect(progress).toEqual([[0, 5], [1, 5], [2, 5], [3, 5], [4, 5], [5, 5]]);
    expect(data.embedded).toBe(5);

    // Samples come from storage on demand, with their masks.
    const sample = await data.validation.get(0);
    expect(sample.embedding).toHaveLength(256 * 64 * 64);
    expect(sample.mask.some((v) => v > 0)).toBe(true);

    const before = new Map((await f.database.db.select().from(imageSplits).where(eq(imageSplits.projectId, projectId))).map((r) => [r.imageId, r.split]));
    expect(before.size).toBe(5);
    // Five more masks: the first five keep their sides; the project keeps about a fifth for validation.
    await f.importPhantoms(projectId, { train: 10, validation: 0 }, 5);
    const again = await loadRoundData(f.ctx, projectId, { embedder });
    expect(again.counts).toEqual({ train: 8, validation: 2 });
    const after = new Map((await f.database.db.select().from(imageSplits).where(eq(imageSplits.projectId, projectId))).map((r) => [r.imageId, r.split]));
    for (const [id, split] of before) expect(after.get(id)).toBe(split);
    expect(again.embedded).toBe(5); // only the new images
  });

  it("names in the validation fold stay validation images (an import validates on the benchmark's test ids)", async () => {
    const projectId = await f.createProject("Hash split");
    await f.importPhantoms(projectId, { train: 4, validation: 2 });
    const data = await loadRoundData(f.ctx, projectId, { embedder: constantEmbedder() });
    expect(data.counts).toEqual({ train: 4, validation: 2 });
  });

  it("fails before reading any file when the project cannot train", async () => {
    const projectId = await f.createProject("One mask");
    await f.importPhantoms(projectId, { train: 1, validation: 0 });
    const storage = countingStorage(f.storage);
    const embedder = constantEmbedder();
    const error = await loadRoundData({ db: f.database.db, storage }, projectId, { embedder }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RoundDataError);
    expect((error as RoundDataError).message).toMatch(/at least 2 accepted masks/);
    expect((error as RoundDataError).counts).toEqual({ train: 1, validation: 0 });
    expect(storage.reads).toBe(0);
    expect(embedder.calls).toBe(0);
  });

  it("scores a fixed subset of the validation images and keys it by images and masks", async () => {
    const projectId = await f.createProject("Capped validation");
    await f.importPhantoms(projectId, { train: 3, validation: 3 });
    const embedder = constantEmbedder();
    const capped = await loadRoundData(f.ctx, projectId, { embedder, maxValidation: 2 });
    expect(capped.counts.validation).toBe(3);
    expect(capped.validation.size).toBe(2);
    const same = await loadRoundData(f.ctx, projectId, { embedder, maxValidation: 2 });
    expect(same.validationSetKey).toBe(capped.validationSetKey);
    const otherProtocol = await loadRoundData(f.ctx, projectId, { embedder, maxValidation: 2, protocol: { nocCap: 3 } });
    expect(otherProtocol.validationSetKey).not.toBe(capped.validationSetKey);
    const larger = await loadRoundData(f.ctx, projectId, { embedder, maxValidation: 3 });
    expect(larger.validationSetKey).not.toBe(capped.validationSetKey);
  });
});
