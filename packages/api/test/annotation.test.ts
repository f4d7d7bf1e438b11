import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { annotations, images } from "@clickloop/db";
import type { TestDatabase } from "@clickloop/db/testing";
import type { Storage } from "@clickloop/storage";
import {
  getOwnAnnotation,
  saveDraft,
  skipImage,
  submitAnnotation,
  type AnnotationContent,
} from "../src/services/annotation";
import { decodeMaskRle, encodeMaskRle, maskRleSchema } from "../src/services/annotation-mask";
import { DomainError } from "../src/errors";
import { createApiHarness, type ApiHarness } from "./helpers";
import { seedQueueProject } from "./queue-fixtures";

const W = 8;
const H = 6;
const square = Uint8Array.from({ length: W * H }, (_, i) => (i % W >= 2 && i % W < 6 && Math.floor(i / W) >= 1 && Math.floor(i / W) < 5 ? 1 : 0));

function content(overrides: Partial<AnnotationContent> = {}): AnnotationContent {
  return {
    expectedVersion: null,
    mask: encodeMaskRle(square, W, H),
    clicks: [{ x: 3.5, y: 2.5, positive: true, t: 120 }],
    box: null,
    modelVersionId: "base",
    modelSha256: "a".repeat(64),
    timeSpentMs: 1500,
    clickCount: 1,
    ...overrides,
  };
}

describe("mask RLE", () => {
  it("round-trips and rejects counts that do not cover the image", () => {
    const rle = encodeMaskRle(square, W, H);
    expect(Array.from(decodeMaskRle(rle))).toEqual(Array.from(square));
    expect(rle.counts[0]).toBe(W + 2); // first row empty, then two background pixels
    expect(maskRleSchema.safeParse({ ...rle, counts: [...rle.counts, 1] }).success).toBe(false);
  });
});

describe("annotation saving with optimistic locking", () => {
  let h: ApiHarness;
  let t: TestDatabase;
  let storage: Storage;
  beforeAll(async () => {
    h = await createApiHarness();
    t = h.database;
    storage = h.deps.storage;
  });
  afterAll(async () => h?.cleanup());

  it("saves a draft, bumps the version, and restores the mask and click log", async () => {
    const { alice, project, images: imgs } = await seedQueueProject(t.db, 1);
    const target = { projectId: project.id, imageId: imgs[0]!.id, userId: alice.id };
    const first = await saveDraft(t.db, storage, target, content());
    expect(first.version).toBe(1);
    const second = await saveDraft(t.db, storage, target, content({ expectedVersion: 1, clickCount: 2 }));
    expect(second.version).toBe(2);
    const view = await getOwnAnnotation(t.db, storage, target);
    expect(view?.status).toBe("draft");
    expect(view?.version).toBe(2);
    expect(view?.clickCount).toBe(2);
    expect(view?.clicks).toEqual([{ x: 3.5, y: 2.5, positive: true, t: 120 }]);
    expect(Array.from(decodeMaskRle(view!.mask!))).toEqual(Array.from(square));
  });

  it("refuses a stale save with a clear message and overwrites nothing", async () => {
    const { alice, project, images: imgs } = await seedQueueProject(t.db, 1);
    const target = { projectId: project.id, imageId: imgs[0]!.id, userId: alice.id };
    await saveDraft(t.db, storage, target, content());
    await saveDraft(t.db, storage, target, content({ expectedVersion: 1, clickCount: 5 })); // another tab
    const stale = saveDraft(t.db, storage, target, content({ expectedVersion: 1, mask: null, clickCount: 9 }));
    await expect(stale).rejects.toBeInstanceOf(DomainError);
    await expect(stale).rejects.toMatchObject({ kind: "CONFLICT" });
    await expect(stale).rejects.toThrow(/another tab or device \(version 2, yours is based on 1\)/);
    // A second "first save" (no version) is refused as well.
    await expect(saveDraft(t.db, storage, target, content())).rejects.toMatchObject({ kind: "CONFLICT" });
    const [row] = await t.db.select().from(annotations).where(eq(annotations.imageId, target.imageId));
    expect(row?.version).toBe(2);
    expect(row?.clickCount).toBe(5);
    expect(row?.maskKey).not.toBeNull();
  });

  it("submits once; later writes to the submitted annotation are refused", async () => {
    const { alice, project, images: imgs } = await seedQueueProject(t.db, 1);
    const target = { projectId: project.id, imageId: imgs[0]!.id, userId: alice.id };
    const draft = await saveDraft(t.db, storage, target, content());
    const submitted = await submitAnnotation(t.db, storage, target, content({ expectedVersion: draft.version }));
    expect(submitted.status).toBe("submitted");
    expect(submitted.submittedAt).toBeInstanceOf(Date);
    const [image] = await t.db.select().from(images).where(eq(images.id, target.imageId));
    expect(image?.status).toBe("submitted");
    await expect(saveDraft(t.db, storage, target, content({ expectedVersion: submitted.version }))).rejects.toThrow(/already submitted/);
  });

  it("refuses to submit an empty mask and records skips with their reason", async () => {
    const { alice, project, images: imgs } = await seedQueueProject(t.db, 1);
    const target = { projectId: project.id, imageId: imgs[0]!.id, userId: alice.id };
    await expect(submitAnnotation(t.db, storage, target, content({ mask: encodeMaskRle(new Uint8Array(W * H), W, H) }))).rejects.toMatchObject({
      kind: "BAD_REQUEST",
    });
    await expect(saveDraft(t.db, storage, target, content({ mask: encodeMaskRle(new Uint8Array((W + 1) * (H - 1)), W + 1, H - 1) }))).rejects.toThrow();
    const skipped = await skipImage(t.db, storage, target, content(), "no lesion visible");
    expect(skipped.status).toBe("skipped");
    expect(skipped.skipReason).toBe("no lesion visible");
    expect(skipped.maskKey).toBeNull();
  });
});
