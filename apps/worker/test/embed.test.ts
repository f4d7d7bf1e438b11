import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "@clickloop/db/testing";
import { embeddings, images, projects } from "@clickloop/db";
import { LocalStorage } from "@clickloop/storage";
import { ingestImage } from "@clickloop/api";
import { QUEUES } from "@clickloop/api/jobs";
import {
  createBinaryMask,
  decodeEmbedding,
  decodeMask,
  embeddingDtypeSchema,
  fillEllipse,
  iou,
  logitsToMask,
} from "@clickloop/sam";
import { createNodeSession, minisamModelPaths } from "@clickloop/sam/node";
import { ellipsePng } from "@clickloop/sam/testing";
import { jobHandlers } from "../src/jobs/index";
import { embedImage } from "../src/jobs/embed";
import type { WorkerContext } from "../src/jobs/types";

describe("image.embed job", () => {
  let database: TestDatabase;
  let storageDir: string;
  let ctx: WorkerContext;
  let projectId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "clickloop-embed-"));
    ctx = { db: database.db, storage: new LocalStorage(storageDir), jobs: { send: async () => null }, log: () => {} };
    const [project] = await database.db.insert(projects).values({ name: "E", targetLabel: "lesion" }).returning();
    projectId = project!.id;
  });
  afterAll(async () => {
    await database?.cleanup();
    await fs.rm(storageDir, { recursive: true, force: true });
  });

  it("is registered for image.embed", () => {
    expect(jobHandlers[QUEUES.embed]).toBe(embedImage);
  });

  it("stores a float16 [1,256,64,64] embedding the decoder segments with, idempotently", async () => {
    const { image } = await ingestImage(ctx, { projectId, uploadedBy: null, fileName: "ellipse.png", bytes: await ellipsePng() });
    await embedImage({ imageId: image.id }, ctx);

    const rows = await database.db.select().from(embeddings).where(eq(embeddings.imageId, image.id));
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.shape).toEqual([1, 256, 64, 64]);
    expect(row.dtype).toBe("float16");
    expect(row.byteSize).toBe(256 * 64 * 64 * 2);
    const bytes = await ctx.storage.get(row.storageKey);
    expect(bytes.byteLength).toBe(row.byteSize);

    // The stored embedding is usable: one click inside the ellipse segments it.
    const data = decodeEmbedding(new Uint8Array(bytes), row.shape, embeddingDtypeSchema.parse(row.dtype));
    const decoder = await createNodeSession(minisamModelPaths().decoder, { threads: 1 });
    const size = { width: 320, height: 240 };
    const out = await decodeMask(decoder, { data, dims: [1, 256, 64, 64] }, { clicks: [{ x: 180, y: 110, label: 1 }] }, size);
    const truth = fillEllipse(createBinaryMask(320, 240), 180, 110, 70, 45);
    expect(iou(logitsToMask(out.masks[0]!, size), truth)).toBeGreaterThan(0.9);

    // Re-running changes nothing.
    const before = await ctx.storage.head(row.storageKey);
    await embedImage({ imageId: image.id }, ctx);
    expect(await database.db.select().from(embeddings).where(eq(embeddings.imageId, image.id))).toEqual(rows);
    expect(await ctx.storage.head(row.storageKey)).toEqual(before);

    // A lost file is recomputed and the row kept (upsert).
    await ctx.storage.delete(row.storageKey);
    await embedImage({ imageId: image.id }, ctx);
    expect((await ctx.storage.head(row.storageKey))?.size).toBe(row.byteSize);
    expect(await database.db.select().from(embeddings).where(eq(embeddings.imageId, image.id))).toHaveLength(1);
  });

  it("ignores deleted images and throws (for a retry) when the original is missing", async () => {
    await expect(embedImage({ imageId: "00000000-0000-4000-8000-000000000000" }, ctx)).resolves.toBeUndefined();
    const { image } = await ingestImage(ctx, {
      projectId,
      uploadedBy: null,
      fileName: "grey.png",
      bytes: await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 40, g: 40, b: 40 } } }).png().toBuffer(),
    });
    const [row] = await database.db.select().from(images).where(eq(images.id, image.id));
    await ctx.storage.delete(row!.storageKey);
    await expect(embedImage({ imageId: image.id }, ctx)).rejects.toThrow();
  });
});
