// Who may finish an image: only the annotator the queue leased it to (or a lead), never over an
// accepted mask, and a lead can put a skipped image back in the queue.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { annotations, auditEvents, images } from "@clickloop/db";
import { encodeMaskRle } from "../src/services/annotation-mask";
import { ingestImage } from "../src/services/ingest";
import { createApiHarness, type ApiHarness } from "./helpers";
import { makeImage } from "./images";

const W = 64;
const H = 48;
const square = (x0: number) => Uint8Array.from({ length: W * H }, (_, i) => (i % W >= x0 && i % W < x0 + 20 && Math.floor(i / W) >= 8 && Math.floor(i / W) < 30 ? 1 : 0));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

describe("annotation.submit / skip / unskip guards", () => {
  let h: ApiHarness;
  let ids: { alice: string; bob: string; lead: string };
  let projectId: string;
  let seed = 0;

  beforeAll(async () => {
    h = await createApiHarness();
    ids = {
      alice: (await h.createUser("alice@example.com")).id,
      bob: (await h.createUser("bob@example.com")).id,
      lead: (await h.createUser("lead@example.com")).id,
    };
    projectId = await h.createProject("Guard", { [ids.alice]: "annotator", [ids.bob]: "annotator", [ids.lead]: "lead" });
  });
  afterAll(async () => h?.cleanup());

  const write = (imageId: string, x0 = 10, expectedVersion: number | null = null) => ({
    projectId,
    imageId,
    expectedVersion,
    mask: encodeMaskRle(square(x0), W, H),
    clicks: [{ x: 20, y: 20, positive: true, t: 10 }],
    box: null,
    modelVersionId: "base",
    modelSha256: null,
    timeSpentMs: 1000,
    clickCount: 1,
  });
  async function newImage(): Promise<string> {
    const { image } = await ingestImage(h.deps, { projectId, uploadedBy: null, fileName: `g${++seed}.png`, bytes: await makeImage(900 + seed) });
    return image.id;
  }
  const imageRow = async (imageId: string) => (await h.deps.db.select().from(images).where(eq(images.id, imageId)))[0]!;
  const annotationsOf = (imageId: string) => h.deps.db.select().from(annotations).where(eq(annotations.imageId, imageId));
  /** The image the queue gives this user now (every earlier test image is finished). */
  async function serve(userId: string): Promise<string> {
    const next = await (await h.callerFor(userId)).queue.next({ projectId });
    if (!next.item) throw new Error("queue empty");
    return next.item.image.id;
  }

  it("refuses submit and skip from an annotator who was never served the image, and changes nothing", async () => {
    const served = await newImage();
    expect(await serve(ids.alice)).toBe(served);
    const bob = await h.callerFor(ids.bob);
    expect(await codeOf(bob.annotation.skip({ ...write(served), reason: "no lesion" }))).toBe("FORBIDDEN");
    expect(await codeOf(bob.annotation.submit(write(served)))).toBe("FORBIDDEN");
    expect((await imageRow(served)).status).toBe("in_progress");
    expect(await annotationsOf(served)).toHaveLength(0);

    // An image nobody holds either: an annotator cannot skip it out of everyone's queue.
    const unserved = await newImage();
    expect(await codeOf(bob.annotation.skip({ ...write(unserved), reason: "no lesion" }))).toBe("FORBIDDEN");
    expect((await imageRow(unserved)).status).toBe("unlabeled");
    await (await h.callerFor(ids.lead)).annotation.submit(write(unserved)); // out of the way of the next tests

    // The lease holder may.
    const alice = await h.callerFor(ids.alice);
    expect((await alice.annotation.submit(write(served))).status).toBe("accepted");
  });

  it("never overwrites an accepted mask with a plain submit or skip, not even a lead's", async () => {
    const imageId = await newImage();
    expect(await serve(ids.alice)).toBe(imageId);
    const alice = await h.callerFor(ids.alice);
    const accepted = await alice.annotation.submit(write(imageId, 10));
    expect(accepted.status).toBe("accepted");
    const before = await annotationsOf(imageId);

    const lead = await h.callerFor(ids.lead);
    expect(await codeOf(lead.annotation.submit(write(imageId, 30)))).toBe("CONFLICT");
    expect(await codeOf(lead.annotation.skip({ ...write(imageId), reason: "blurry" }))).toBe("CONFLICT");
    expect(await annotationsOf(imageId)).toEqual(before);
    expect((await imageRow(imageId)).status).toBe("accepted");
  });

  it("lets a lead submit for an image without holding its lease", async () => {
    const imageId = await newImage();
    const lead = await h.callerFor(ids.lead);
    expect((await lead.annotation.submit(write(imageId))).status).toBe("accepted");
  });

  it("lets a lead un-skip an image: it returns to the queue, the skip is audited, annotators may not", async () => {
    const imageId = await newImage();
    expect(await serve(ids.bob)).toBe(imageId);
    const bob = await h.callerFor(ids.bob);
    await bob.annotation.skip({ ...write(imageId), reason: "not a lesion image" });
    expect((await imageRow(imageId)).status).toBe("skipped");
    expect(await codeOf(bob.annotation.unskip({ projectId, imageId }))).toBe("FORBIDDEN");

    const lead = await h.callerFor(ids.lead);
    expect(await lead.annotation.unskip({ projectId, imageId })).toEqual({ imageId, status: "unlabeled" });
    expect((await imageRow(imageId)).status).toBe("unlabeled");
    const [row] = await annotationsOf(imageId);
    expect(row).toMatchObject({ status: "draft", skipReason: null, annotatorId: ids.bob });
    const events = await h.deps.db.select().from(auditEvents).where(and(eq(auditEvents.action, "image.unskip"), eq(auditEvents.targetId, imageId)));
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ reasons: ["not a lesion image"] });

    // Bob gets it again from the queue and can finish it this time.
    expect(await serve(ids.bob)).toBe(imageId);
    expect((await bob.annotation.submit(write(imageId, 10, row!.version))).status).toBe("accepted");

    // Only a skipped image can be un-skipped.
    expect(await codeOf(lead.annotation.unskip({ projectId, imageId }))).toBe("CONFLICT");
  });
});
