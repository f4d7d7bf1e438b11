// The train.round job through pg-boss and the worker's handler map (the round itself is covered by
// train-round.test.ts): a round of a project without accepted masks is consumed, claimed and
// recorded as failed with the reason, and nothing is published.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "@clickloop/db/testing";
import { modelVersions, projects, trainingRuns } from "@clickloop/db";
import { LocalStorage } from "@clickloop/storage";
import { PgBossJobQueue } from "@clickloop/api/jobs";
import { startTrainingRound } from "@clickloop/api";
import { jobHandlers } from "../src/jobs/index";
import { startWorker, type RunningWorker } from "../src/worker";
import { waitFor } from "./support";

describe("train.round through pg-boss", () => {
  let database: TestDatabase;
  let storageDir: string;
  let worker: RunningWorker;

  beforeAll(async () => {
    database = await createTestDatabase();
    storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "clickloop-train-queue-"));
    worker = await startWorker({
      db: database.db,
      storage: new LocalStorage(storageDir),
      databaseUrl: database.url,
      handlers: { "train.round": jobHandlers["train.round"] },
      pollingIntervalSeconds: 0.5,
      log: () => {},
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await database?.cleanup();
    await fs.rm(storageDir, { recursive: true, force: true });
  });

  it("is registered, consumed, and records why a round could not train", async () => {
    expect(worker.queues).toContain("train.round");
    const [project] = await database.db.insert(projects).values({ name: "Empty", targetLabel: "lesion" }).returning();
    const jobs = new PgBossJobQueue(worker.boss);
    const { run } = await startTrainingRound({ db: database.db, jobs }, { projectId: project!.id, trigger: "manual", requestedBy: null });

    const finished = await waitFor(async () => {
      const [row] = await database.db.select().from(trainingRuns).where(eq(trainingRuns.id, run.id));
      return row && row.status !== "queued" && row.status !== "running" ? row : null;
    });
    expect(finished).toMatchObject({ status: "failed", trainCount: 0, valCount: 0 });
    expect(finished.error).toMatch(/No accepted masks/);
    expect(finished.startedAt).toBeInstanceOf(Date);
    expect(await database.db.select().from(modelVersions).where(eq(modelVersions.projectId, project!.id))).toEqual([]);
  });
});
