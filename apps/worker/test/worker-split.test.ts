// Short jobs keep flowing while a long one runs: the long queues are consumed by a child process
// (spawnLongWorker, what `pnpm start` and the standalone worker run), the short ones by this process.
// A real training round (phantoms, TF.js) is kept busy with many epochs; thumbnails of new uploads
// must complete while its run row still says "running" — completion is asserted, never timing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { images, trainingRuns } from "@clickloop/db";
import { PgBossJobQueue, SHORT_QUEUES } from "@clickloop/api/jobs";
import { ingestImage, startTrainingRound } from "@clickloop/api";
import { phantomPng } from "@clickloop/phantom/node";
import { spawnLongWorker, type LongWorkerProcess } from "../src/long-worker";
import { startWorker, type RunningWorker } from "../src/worker";
import { createTrainingFixture, type TrainingFixture } from "./train-round-fixtures";

async function waitFor<T>(probe: () => Promise<T | null | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("worker concurrency: short jobs during a training round", () => {
  let f: TrainingFixture;
  let shortWorker: RunningWorker;
  let longWorker: LongWorkerProcess;
  let projectId: string;

  beforeAll(async () => {
    f = await createTrainingFixture();
    projectId = await f.createProject("Busy");
    await f.importPhantoms(projectId, { train: 3, validation: 1 });
    shortWorker = await startWorker({
      db: f.database.db,
      storage: f.storage,
      databaseUrl: f.database.url,
      queues: SHORT_QUEUES,
      pollingIntervalSeconds: 0.5,
      publishBaseMultimask: false,
      log: () => {},
    });
    longWorker = spawnLongWorker({
      env: {
        ...process.env,
        DATABASE_URL: f.database.url,
        STORAGE_DRIVER: "local",
        STORAGE_DIR: f.storage.root,
        // Long enough that the round is still training when the thumbnails are done.
        TRAIN_EPOCHS: "1000",
        TRAIN_ACCUMULATE: "1",
        TRAIN_EVAL_NOC_CAP: "3",
      },
      stdio: "ignore",
      log: () => {},
    });
  });
  afterAll(async () => {
    await longWorker?.stop();
    await shortWorker?.stop();
    await f?.cleanup();
  });

  it("thumbnails of new uploads complete while the round trains in the long-job process", async () => {
    expect(shortWorker.queues).toEqual(["image.thumbnail", "image.embed"]);
    const jobs = new PgBossJobQueue(shortWorker.boss);
    const { run } = await startTrainingRound({ db: f.database.db, jobs }, { projectId, trigger: "manual", requestedBy: null });

    // The child claimed the round and is in its optimiser loop.
    await waitFor(async () => {
      const [row] = await f.database.db.select().from(trainingRuns).where(eq(trainingRuns.id, run.id));
      if (row && row.status !== "running" && row.status !== "queued") throw new Error(`round ended early: ${row.status} ${row.error ?? ""}`);
      return row?.status === "running" && row.progress?.phase === "training" && row.progress.step >= 1;
    }, 600_000);

    const uploaded: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { image } = await phantomPng({ seed: 900 + i, width: 200, height: 160 });
      const result = await ingestImage({ db: f.database.db, storage: f.storage, jobs }, { projectId, uploadedBy: null, fileName: `late_${i}.png`, bytes: image });
      uploaded.push(result.image.id);
    }
    await waitFor(async () => {
      const rows = await f.database.db.select({ key: images.thumbnailKey }).from(images).where(inArray(images.id, uploaded));
      return rows.length === uploaded.length && rows.every((r) => r.key !== null);
    }, 300_000);

    const [after] = await f.database.db.select().from(trainingRuns).where(eq(trainingRuns.id, run.id));
    expect(after?.status).toBe("running");
    expect(after?.progress?.phase).toBe("training");
  });
});
