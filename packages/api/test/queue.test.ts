import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { imageLeases, images } from "@clickloop/db";
import type { TestDatabase } from "@clickloop/db/testing";

import { submitAnnotation } from "../src/services/annotation";
import { encodeMaskRle } from "../src/services/annotation-mask";
import { LEASE_MS, nextQueueItem, releaseLease, renewLease } from "../src/services/queue";
import { createApiHarness, type ApiHarness } from "./helpers";
import { seedQueueProject } from "./queue-fixtures";

describe("annotation queue leases", () => {
  let h: ApiHarness;
  let t: TestDatabase;
  beforeAll(async () => {
    h = await createApiHarness();
    t = h.database;
  });
  afterAll(async () => h?.cleanup());

  it("serves images in upload order and never the one another annotator holds", async () => {
    const { alice, bob, project, images: imgs } = await seedQueueProject(t.db, 3);
    const a = await nextQueueItem(t.db, project.id, alice.id);
    const b = await nextQueueItem(t.db, project.id, bob.id);
    expect(a?.image.id).toBe(imgs[0]!.id);
    expect(b?.image.id).toBe(imgs[1]!.id);
    expect(a?.embeddingReady).toBe(false);
    // Asking again returns the image already held (a reload resumes it) and marks it in progress.
    expect((await nextQueueItem(t.db, project.id, alice.id))?.image.id).toBe(imgs[0]!.id);
    const [row] = await t.db.select().from(images).where(eq(images.id, imgs[0]!.id));
    expect(row?.status).toBe("in_progress");
  });

  it("returns an expired lease to the queue", async () => {
    const { alice, bob, project, images: imgs } = await seedQueueProject(t.db, 2);
    const now = new Date();
    expect((await nextQueueItem(t.db, project.id, alice.id, now))?.image.id).toBe(imgs[0]!.id);
    // While Alice's lease is live, Bob is served the second image.
    expect((await nextQueueItem(t.db, project.id, bob.id, now))?.image.id).toBe(imgs[1]!.id);
    await releaseLease(t.db, project.id, bob.id, imgs[1]!.id);
    // Past the lease, Alice's image is free again and first in upload order.
    const later = new Date(now.getTime() + LEASE_MS + 1000);
    expect((await nextQueueItem(t.db, project.id, bob.id, later))?.image.id).toBe(imgs[0]!.id);
    const [lease] = await t.db.select().from(imageLeases).where(eq(imageLeases.imageId, imgs[0]!.id));
    expect(lease?.userId).toBe(bob.id);
    // Alice lost it: renewing fails rather than stealing it back.
    expect(await renewLease(t.db, project.id, alice.id, imgs[0]!.id, later)).toBeNull();
    expect(await renewLease(t.db, project.id, bob.id, imgs[0]!.id, later)).not.toBeNull();
  });

  it("moves on after a submit and runs dry when every image is done", async () => {
    const { alice, project, images: imgs } = await seedQueueProject(t.db, 2);
    const storage = h.deps.storage;
    const mask = encodeMaskRle(Uint8Array.from({ length: 48 }, (_, i) => (i % 8 > 3 ? 1 : 0)), 8, 6);
    for (const expected of imgs) {
      const item = await nextQueueItem(t.db, project.id, alice.id);
      expect(item?.image.id).toBe(expected.id);
      const content = { expectedVersion: null, mask, clicks: [], box: null, modelVersionId: "base", modelSha256: null, timeSpentMs: 10, clickCount: 1 };
      await submitAnnotation(t.db, storage, { projectId: project.id, imageId: expected.id, userId: alice.id }, content);
    }
    expect(await nextQueueItem(t.db, project.id, alice.id)).toBeNull();
    expect(await t.db.select().from(imageLeases).where(eq(imageLeases.projectId, project.id))).toEqual([]);
  });

  it("gives concurrent callers different images", async () => {
    const { alice, bob, project } = await seedQueueProject(t.db, 2);
    const [a, b] = await Promise.all([nextQueueItem(t.db, project.id, alice.id), nextQueueItem(t.db, project.id, bob.id)]);
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(a!.image.id).not.toBe(b!.image.id);
  });
});
