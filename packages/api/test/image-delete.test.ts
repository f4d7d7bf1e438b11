// Deleting an image leaves nothing of it in storage (original, thumbnail, embeddings, reference
// mask, annotation masks no other annotation uses), and the mask garbage collector removes mask
// files nothing references any more (superseded autosaves), keeping recent ones.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { annotations, embeddings, images } from "@clickloop/db";
import { encodeMaskRle } from "../src/services/annotation-mask";
import { saveDraft } from "../src/services/annotation";
import { collectOrphanMasks } from "../src/services/storage-gc";
import { deleteImage } from "../src/services/image-delete";
import { storageKeys } from "../src/services/image-files";
import { ingestImage } from "../src/services/ingest";
import { attachReferenceMask } from "../src/services/reference-masks";
import { maskRleToPng } from "../src/services/annotation-mask-png";
import { createApiHarness, type ApiHarness } from "./helpers";
import { makeImage } from "./images";

const W = 64;
const H = 48;
const rect = (x0: number, x1: number) => Uint8Array.from({ length: W * H }, (_, i) => (i % W >= x0 && i % W < x1 && Math.floor(i / W) >= 8 && Math.floor(i / W) < 30 ? 1 : 0));

describe("image deletion and mask garbage collection", () => {
  let h: ApiHarness;
  let leadId: string;
  let otherId: string;
  let projectId: string;
  let seed = 0;

  beforeAll(async () => {
    h = await createApiHarness();
    leadId = (await h.createUser("lead@example.com")).id;
    otherId = (await h.createUser("other@example.com")).id;
    projectId = await h.createProject("Delete", { [leadId]: "lead", [otherId]: "annotator" });
  });
  afterAll(async () => h?.cleanup());

  const write = (imageId: string, mask: Uint8Array, expectedVersion: number | null = null) => ({
    expectedVersion,
    mask: encodeMaskRle(mask, W, H),
    clicks: [],
    box: null,
    modelVersionId: "base",
    modelSha256: null,
    timeSpentMs: 0,
    clickCount: 0,
    imageId,
  });
  const newImage = async () =>
    (await ingestImage(h.deps, { projectId, uploadedBy: null, fileName: `d${++seed}.png`, bytes: await makeImage(700 + seed, "png", W, H) })).image;
  const exists = async (key: string) => (await h.deps.storage.head(key)) !== null;

  it("removes the original, thumbnail, embeddings, reference mask and the image's own masks; keeps a mask another image shares", async () => {
    const image = await newImage();
    const other = await newImage();
    // Files the worker and the import would have written.
    const thumbnailKey = storageKeys.thumbnail(projectId, image.sha256);
    await h.deps.storage.put(thumbnailKey, Buffer.from("webp"));
    await h.deps.db.update(images).set({ thumbnailKey }).where(eq(images.id, image.id));
    const embeddingKey = storageKeys.embedding(projectId, image.sha256, "mobilesam@test");
    await h.deps.storage.put(embeddingKey, Buffer.from("f16"));
    await h.deps.db.insert(embeddings).values({ imageId: image.id, encoderId: "mobilesam@test", storageKey: embeddingKey, shape: [1], dtype: "float16", byteSize: 3 });
    const { storageKey: referenceKey } = await attachReferenceMask(h.deps, image, { fileName: "m.png", bytes: await maskRleToPng(encodeMaskRle(rect(5, 9), W, H)) });
    // Two annotators' masks: one only on this image, one identical to a mask on the other image.
    const own = await saveDraft(h.deps.db, h.deps.storage, { projectId, imageId: image.id, userId: leadId }, write(image.id, rect(10, 20)));
    const shared = await saveDraft(h.deps.db, h.deps.storage, { projectId, imageId: image.id, userId: otherId }, write(image.id, rect(30, 40)));
    const keep = await saveDraft(h.deps.db, h.deps.storage, { projectId, imageId: other.id, userId: otherId }, write(other.id, rect(30, 40)));
    expect(keep.maskKey).toBe(shared.maskKey); // content-addressed

    await deleteImage(h.deps, { projectId, imageId: image.id, actorId: leadId, maskGraceMs: 0 });
    for (const key of [image.storageKey, thumbnailKey, embeddingKey, referenceKey, own.maskKey!]) expect({ key, exists: await exists(key) }).toEqual({ key, exists: false });
    expect(await exists(keep.maskKey!)).toBe(true);
    expect(await exists(other.storageKey)).toBe(true);
    expect(await h.deps.db.select().from(annotations).where(eq(annotations.imageId, image.id))).toEqual([]);
  });

  it("through tRPC, answers NOT_FOUND for an image of another project and deletes nothing", async () => {
    const foreignProject = await h.createProject("Foreign", { [leadId]: "lead" });
    const foreign = (await ingestImage(h.deps, { projectId: foreignProject, uploadedBy: null, fileName: "f.png", bytes: await makeImage(7777, "png", W, H) })).image;
    const lead = await h.callerFor(leadId);
    await expect(lead.image.delete({ projectId, imageId: foreign.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await exists(foreign.storageKey)).toBe(true);
  });

  it("collects superseded autosave masks once they are older than the grace period", async () => {
    const image = await newImage();
    const target = { projectId, imageId: image.id, userId: leadId };
    const v1 = await saveDraft(h.deps.db, h.deps.storage, target, write(image.id, rect(1, 5)));
    const v2 = await saveDraft(h.deps.db, h.deps.storage, target, write(image.id, rect(1, 9), v1.version));
    const v3 = await saveDraft(h.deps.db, h.deps.storage, target, write(image.id, rect(1, 13), v2.version));
    expect(new Set([v1.maskKey, v2.maskKey, v3.maskKey]).size).toBe(3);

    // Recent files are kept: a save may have written its file and not yet committed its row.
    expect(await collectOrphanMasks(h.deps, { graceMs: 60_000 })).toMatchObject({ deleted: 0 });
    expect(await exists(v1.maskKey!)).toBe(true);

    const result = await collectOrphanMasks(h.deps, { graceMs: 0 });
    expect(result.deleted).toBeGreaterThanOrEqual(2);
    expect(await exists(v1.maskKey!)).toBe(false);
    expect(await exists(v2.maskKey!)).toBe(false);
    expect(await exists(v3.maskKey!)).toBe(true); // the current draft's
  });
});
