import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "@clickloop/db/testing";
import { images, projects } from "@clickloop/db";
import { LocalStorage } from "@clickloop/storage";
import { ingestImage } from "@clickloop/api";
import type { JobQueue } from "@clickloop/api/jobs";
import { startWorker, type RunningWorker } from "../src/worker";
import { generateThumbnail } from "../src/jobs/thumbnail";
import type { WorkerContext } from "../src/jobs/types";
import { waitFor } from "./support";

describe("thumbnail job", () => {
  let database: TestDatabase;
  let storageDir: string;
  let storage: LocalStorage;
  let worker: RunningWorker;
  let projectId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "clickloop-worker-"));
    storage = new LocalStorage(storageDir);
    const [project] = await database.db.insert(projects).values({ name: "W", targetLabel: "lesion" }).returning();
    projectId = project!.id;
    worker = await startWorker({ db: database.db, storage, databaseUrl: database.url, log: () => {} });
  });
  afterAll(async () => {
    await worker?.stop();
    await database.cleanup();
    await fs.rm(storageDir, { recursive: true, force: true });
  });

  it("consumes image.thumbnail from pg-boss and stores a ≤256 px WebP", async () => {
    const original = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 90, g: 90, b: 90 } } })
      .png()
      .toBuffer();
    const jobs: JobQueue = { send: (name, payload) => worker.boss.send(name, payload) };
    const { image } = await ingestImage({ db: database.db, storage, jobs }, { projectId, uploadedBy: null, fileName: "scan.png", bytes: original });

    const thumbnailKey = await waitFor(async () => {
      const [row] = await database.db.select().from(images).where(eq(images.id, image.id));
      return row?.thumbnailKey;
    });
    const meta = await sharp(await storage.get(thumbnailKey)).metadata();
    expect(meta.format).toBe("webp");
    expect([meta.width, meta.height]).toEqual([256, 192]);
  });

  it("is idempotent and ignores deleted images", async () => {
    const bytes = await sharp({ create: { width: 100, height: 300, channels: 3, background: { r: 10, g: 20, b: 30 } } }).jpeg().toBuffer();
    const recorded: string[] = [];
    const ctx: WorkerContext = {
      db: database.db,
      storage,
      jobs: { send: async (name) => (recorded.push(name), null) },
      log: () => {},
    };
    const { image } = await ingestImage(ctx, { projectId, uploadedBy: null, fileName: "tall.jpg", bytes });
    expect(recorded).toEqual(["image.thumbnail", "image.embed"]);

    await generateThumbnail({ imageId: image.id }, ctx);
    const [first] = await database.db.select().from(images).where(eq(images.id, image.id));
    const firstInfo = await storage.head(first!.thumbnailKey!);
    await generateThumbnail({ imageId: image.id }, ctx);
    expect(await storage.head(first!.thumbnailKey!)).toEqual(firstInfo);
    expect((await sharp(await storage.get(first!.thumbnailKey!)).metadata()).height).toBe(256);

    await expect(generateThumbnail({ imageId: "00000000-0000-4000-8000-000000000000" }, ctx)).resolves.toBeUndefined();
  });
});
