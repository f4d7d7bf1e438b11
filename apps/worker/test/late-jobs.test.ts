// A thumbnail or embedding job that finishes after its image was deleted writes nothing that
// stays: no row, no file.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "@clickloop/db/testing";
import { embeddings, images, projects } from "@clickloop/db";
import { LocalStorage } from "@clickloop/storage";
import { deleteImage, ingestImage } from "@clickloop/api";
import { generateThumbnail } from "../src/jobs/thumbnail";
import { embedImage } from "../src/jobs/embed";
import type { WorkerContext } from "../src/jobs/types";
import { makeNoisePng } from "./late-jobs-fixtures";

/** Storage that runs `beforePut` (here: deleting the image) just before a matching file lands. */
class InterruptingStorage extends LocalStorage {
  beforePut: ((key: string) => Promise<void>) | null = null;
  override async put(key: string, body: Uint8Array): Promise<void> {
    const hook = this.beforePut;
    if (hook) {
      this.beforePut = null;
      await hook(key);
    }
    return super.put(key, body);
  }
}

describe("jobs finishing after their image was deleted", () => {
  let database: TestDatabase;
  let storageDir: string;
  let storage: InterruptingStorage;
  let ctx: WorkerContext;
  let projectId: string;
  let seed = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "clickloop-late-"));
    storage = new InterruptingStorage(storageDir);
    ctx = { db: database.db, storage, jobs: { send: async () => null }, log: () => {} };
    const [project] = await database.db.insert(projects).values({ name: "Late", targetLabel: "lesion" }).returning();
    projectId = project!.id;
  });
  afterAll(async () => {
    await database?.cleanup();
    await fs.rm(storageDir, { recursive: true, force: true });
  });

  async function imageDeletedDuringPut() {
    const { image } = await ingestImage(ctx, { projectId, uploadedBy: null, fileName: `late${++seed}.png`, bytes: await makeNoisePng(seed) });
    storage.beforePut = async () => {
      await deleteImage(ctx, { projectId, imageId: image.id, actorId: null });
    };
    return image;
  }

  const filesUnder = async (dir: string) => (await storage.list(`projects/${projectId}/${dir}/`)).map((f) => f.key);

  it("thumbnail: the late file is removed and no row points at it", async () => {
    const image = await imageDeletedDuringPut();
    await generateThumbnail({ imageId: image.id }, ctx);
    expect(await database.db.select().from(images).where(eq(images.id, image.id))).toEqual([]);
    expect(await filesUnder("thumbnails")).toEqual([]);
    expect(await filesUnder("images")).toEqual([]);
  });

  it("embedding: the late file is removed and no row is left", async () => {
    const image = await imageDeletedDuringPut();
    await embedImage({ imageId: image.id }, ctx); // no throw: nothing to retry
    expect(await database.db.select().from(embeddings).where(eq(embeddings.imageId, image.id))).toEqual([]);
    expect(await filesUnder("embeddings")).toEqual([]);
  });
});
