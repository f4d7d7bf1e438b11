// A tiny project for training-round tests: phantom images whose reference masks were imported
// (accepted annotations with source "imported"), on a real test database and local storage.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@clickloop/db/testing";
import { projects, referenceMasks } from "@clickloop/db";
import { LocalStorage } from "@clickloop/storage";
import { parseJobPayload, type JobPayload, type JobQueue, type QueueName } from "@clickloop/api/jobs";
import { ingestImage, storageKeys, acceptReferenceMasks } from "@clickloop/api";
import { phantomPng } from "@clickloop/phantom/node";
import type { WorkerContext } from "../src/jobs/types";
import { isValidationImage } from "../src/training/split";

export class RecordingJobQueue implements JobQueue {
  readonly sent: { name: QueueName; payload: unknown; options: unknown }[] = [];
  async send<Q extends QueueName>(name: Q, payload: JobPayload<Q>, options?: unknown): Promise<string> {
    this.sent.push({ name, payload: parseJobPayload(name, payload), options });
    return String(this.sent.length);
  }
}

export interface TrainingFixture {
  database: TestDatabase;
  storage: LocalStorage;
  jobs: RecordingJobQueue;
  ctx: WorkerContext;
  createProject(name: string): Promise<string>;
  /** Imports phantoms (images + reference masks) and accepts them; returns the file names. */
  /** `from`: skip the first names (already imported by an earlier call with smaller counts). */
  importPhantoms(projectId: string, counts: { train: number; validation: number }, from?: number): Promise<string[]>;
  cleanup(): Promise<void>;
}

/** The first file names that fall in each split by the fixed hash rule. */
export function phantomNames(counts: { train: number; validation: number }): string[] {
  const train: string[] = [];
  const validation: string[] = [];
  for (let i = 0; train.length < counts.train || validation.length < counts.validation; i++) {
    const name = `phantom_${String(i).padStart(4, "0")}.png`;
    const list = isValidationImage(name) ? validation : train;
    if (list.length < (isValidationImage(name) ? counts.validation : counts.train)) list.push(name);
  }
  return [...train, ...validation];
}

export async function createTrainingFixture(): Promise<TrainingFixture> {
  const database = await createTestDatabase();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "clickloop-train-"));
  const storage = new LocalStorage(dir);
  const jobs = new RecordingJobQueue();
  const ctx: WorkerContext = { db: database.db, storage, jobs, log: () => {} };
  return {
    database,
    storage,
    jobs,
    ctx,
    async createProject(name) {
      const [project] = await database.db.insert(projects).values({ name, targetLabel: "lesion" }).returning();
      return project!.id;
    },
    async importPhantoms(projectId, counts, from = 0) {
      const names = phantomNames(counts);
      for (const [index, name] of names.entries()) {
        if (index < from) continue;
        const { image, mask } = await phantomPng({ seed: 100 + index, width: 256, height: 192, lesions: 1 });
        const ingested = await ingestImage({ db: database.db, storage, jobs }, { projectId, uploadedBy: null, fileName: name, bytes: image });
        const sha256 = createHash("sha256").update(mask).digest("hex");
        const key = storageKeys.referenceMask(projectId, sha256);
        await storage.put(key, mask);
        await database.db.insert(referenceMasks).values({ imageId: ingested.image.id, storageKey: key, sha256, originalName: name });
      }
      await acceptReferenceMasks({ db: database.db, storage }, projectId);
      return names;
    },
    async cleanup() {
      await database.cleanup();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
