// The start-up sweep re-enqueues every derived file a failed or lost job left missing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@clickloop/db/testing";
import { embeddings, images, projects } from "@clickloop/db";
import { QUEUES, type JobPayload, type JobQueue, type QueueName } from "@clickloop/api/jobs";
import { jobHandlers } from "../src/jobs/index";
import { sweep } from "../src/sweep";
import type { WorkerContext } from "../src/jobs/types";

class Recorder implements JobQueue {
  sent: { name: QueueName; payload: unknown }[] = [];
  async send<Q extends QueueName>(name: Q, payload: JobPayload<Q>): Promise<string> {
    this.sent.push({ name, payload });
    return String(this.sent.length);
  }
}

describe("start-up sweep", () => {
  let database: TestDatabase;
  let ctx: WorkerContext;
  let jobs: Recorder;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    jobs = new Recorder();
    ctx = { db: database.db, storage: null as never, jobs, log: () => {} };
    const [project] = await database.db.insert(projects).values({ name: "Sweep", targetLabel: "lesion" }).returning();
    const base = { projectId: project!.id, width: 8, height: 8, mime: "image/png", byteSize: 1, originalName: "x.png" };
    const rows = await database.db
      .insert(images)
      .values([
        { ...base, sha256: "a", storageKey: "a", thumbnailKey: "t/a" }, // complete
        { ...base, sha256: "b", storageKey: "b", thumbnailKey: "t/b" }, // embedding job failed
        { ...base, sha256: "c", storageKey: "c", thumbnailKey: null }, // both missing
      ])
      .returning();
    [ids.complete, ids.noEmbedding, ids.nothing] = rows.map((r) => r.id) as [string, string, string];
    await database.db.insert(embeddings).values({ imageId: ids.complete!, encoderId: "enc", storageKey: "e/a", shape: [1, 256, 64, 64], dtype: "float16", byteSize: 1 });
  });
  afterAll(async () => database?.cleanup());

  it("re-enqueues missing thumbnails and missing embeddings, nothing else", async () => {
    await sweep(ctx, jobHandlers);
    const sent = (queue: QueueName) => jobs.sent.filter((j) => j.name === queue).map((j) => (j.payload as { imageId: string }).imageId).sort();
    expect(sent(QUEUES.thumbnail)).toEqual([ids.nothing]);
    expect(sent(QUEUES.embed)).toEqual([ids.noEmbedding, ids.nothing].sort());
  });

  it("only sweeps the queues this worker consumes", async () => {
    jobs.sent = [];
    await sweep(ctx, { [QUEUES.thumbnail]: jobHandlers[QUEUES.thumbnail] });
    expect(jobs.sent.map((j) => j.name)).toEqual([QUEUES.thumbnail]);
  });
});
