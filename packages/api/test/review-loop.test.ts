// The review loop: a rejected mask goes back to its annotator (only them) with the reason, the
// resubmission returns to review, every version stays in the history; a lead may accept a
// corrected mask; consensus stores the Dice of two annotators.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { annotationAgreements, annotations, images, projects } from "@clickloop/db";
import { decodeMaskRle, encodeMaskRle, type MaskRle } from "../src/services/annotation-mask";
import { ingestImage } from "../src/services/ingest";
import { codeOf, createApiHarness, type ApiHarness } from "./helpers";
import { makeImage } from "./images";

const W = 64;
const H = 48;
function rect(x0: number, y0: number, x1: number, y1: number): MaskRle {
  return encodeMaskRle(
    Uint8Array.from({ length: W * H }, (_, i) => (i % W >= x0 && i % W < x1 && Math.floor(i / W) >= y0 && Math.floor(i / W) < y1 ? 1 : 0)),
    W,
    H,
  );
}

describe("review loop", () => {
  let h: ApiHarness;
  let ids: { ann: string; other: string; lead: string };
  let seed = 0;

  beforeAll(async () => {
    h = await createApiHarness();
    ids = {
      ann: (await h.createUser("loop-ann@example.com")).id,
      other: (await h.createUser("loop-other@example.com")).id,
      lead: (await h.createUser("loop-lead@example.com")).id,
    };
  });
  afterAll(async () => h?.cleanup());

  async function project(overlap: 1 | 2 = 1) {
    const projectId = await h.createProject(`Loop${++seed}`, { [ids.ann]: "annotator", [ids.other]: "annotator", [ids.lead]: "lead" });
    await h.deps.db.update(projects).set({ settings: { requireReview: true, autoTrainThreshold: 100, overlap } }).where(eq(projects.id, projectId));
    const { image } = await ingestImage(h.deps, { projectId, uploadedBy: null, fileName: `loop${seed}.png`, bytes: await makeImage(700 + seed, "png", W, H) });
    return { projectId, imageId: image.id };
  }

  async function submitVia(userId: string, projectId: string, mask: MaskRle, expectedVersion: number | null, clicks = 2) {
    const trpc = await h.callerFor(userId);
    return trpc.annotation.submit({
      projectId,
      imageId: (await trpc.queue.next({ projectId })).item!.image.id,
      expectedVersion,
      mask,
      clicks: Array.from({ length: clicks }, (_, i) => ({ x: 20 + i, y: 20, positive: true, t: 100 * i })),
      box: null,
      modelVersionId: "base",
      modelSha256: null,
      timeSpentMs: 4000,
      clickCount: clicks,
    });
  }

  it("returns a rejected mask to its annotator with the reason; the resubmission is reviewed again; history keeps both", async () => {
    const { projectId, imageId } = await project();
    const first = await submitVia(ids.ann, projectId, rect(10, 10, 30, 30), null);
    const lead = await h.callerFor(ids.lead);
    await lead.review.reject({ projectId, annotationId: first.id, reason: "Boundary inaccurate: include the posterior margin", expectedVersion: first.version });

    // Nobody else is served the image; its annotator gets it back, with the reason and their mask.
    const other = await h.callerFor(ids.other);
    expect((await other.queue.next({ projectId })).item).toBeNull();
    const back = await (await h.callerFor(ids.ann)).queue.next({ projectId });
    expect(back.item?.image.id).toBe(imageId);
    expect(back.item?.annotation).toMatchObject({ status: "rejected", reviewReason: "Boundary inaccurate: include the posterior margin" });
    expect(back.item?.annotation?.mask).toEqual(rect(10, 10, 30, 30));

    const second = await submitVia(ids.ann, projectId, rect(10, 10, 34, 34), back.item!.annotation!.version, 3);
    expect(second.status).toBe("submitted");
    expect((await lead.review.list({ projectId })).map((i) => i.id)).toEqual([first.id]);

    const detail = await lead.review.item({ projectId, annotationId: first.id });
    expect(detail.annotation).toMatchObject({ clickCount: 3, timeSpentMs: 4000, modelLabel: "Base MobileSAM", status: "submitted" });
    expect(detail.revisions.map((r) => [r.revision, r.kind, r.outcome, r.reviewReason])).toEqual([
      [1, "submission", "rejected", "Boundary inaccurate: include the posterior margin"],
      [2, "submission", "pending", null],
    ]);
    expect(detail.revisions.map((r) => r.maskArea)).toEqual([400, 576]);

    // A decision on a version the lead did not see is refused.
    expect(await codeOf(lead.review.accept({ projectId, annotationId: first.id, expectedVersion: first.version }))).toBe("CONFLICT");
    await lead.review.accept({ projectId, annotationId: first.id, expectedVersion: detail.annotation.version });
    expect((await h.deps.db.select().from(images).where(eq(images.id, imageId)))[0]!.status).toBe("accepted");
    expect((await lead.review.item({ projectId, annotationId: first.id })).revisions.map((r) => r.outcome)).toEqual(["rejected", "accepted"]);
  });

  it("accepts a lead's corrected mask as the annotation's mask and keeps the annotator's version", async () => {
    const { projectId } = await project();
    const submitted = await submitVia(ids.ann, projectId, rect(10, 10, 30, 30), null);
    const lead = await h.callerFor(ids.lead);
    expect(await codeOf(lead.review.accept({ projectId, annotationId: submitted.id, correctedMask: encodeMaskRle(new Uint8Array(W * H), W, H) }))).toBe("BAD_REQUEST");
    expect(await codeOf(lead.review.accept({ projectId, annotationId: submitted.id, correctedMask: { width: 8, height: 8, counts: [64] } }))).toBe("BAD_REQUEST");
    await lead.review.accept({ projectId, annotationId: submitted.id, correctedMask: rect(12, 12, 28, 28) });
    const detail = await lead.review.item({ projectId, annotationId: submitted.id });
    expect(detail.annotation.status).toBe("accepted");
    expect(decodeMaskRle(detail.annotation.mask!).reduce((a, b) => a + b, 0)).toBe(16 * 16);
    expect(detail.revisions.map((r) => [r.kind, r.outcome, r.maskArea])).toEqual([
      ["submission", "accepted", 400],
      ["correction", "accepted", 256],
    ]);
    const [row] = await h.deps.db.select().from(annotations).where(eq(annotations.id, submitted.id));
    expect(row).toMatchObject({ annotatorId: ids.ann, reviewedBy: ids.lead, maskArea: 256 });
  });

  it("with overlap 2 serves an image to two different annotators and stores their Dice", async () => {
    const { projectId, imageId } = await project(2);
    await submitVia(ids.ann, projectId, rect(10, 10, 30, 30), null);
    // The same annotator is not served it twice; a second annotator is.
    expect((await (await h.callerFor(ids.ann)).queue.next({ projectId })).item).toBeNull();
    const b = await submitVia(ids.other, projectId, rect(10, 10, 30, 20), null);
    const [agreement] = await h.deps.db.select().from(annotationAgreements).where(eq(annotationAgreements.imageId, imageId));
    expect(agreement?.dice).toBeCloseTo((2 * 200) / (400 + 200), 10);
    const detail = await (await h.callerFor(ids.lead)).review.item({ projectId, annotationId: b.id });
    expect(detail.others).toHaveLength(1);
    expect(detail.others[0]!.dice).toBeCloseTo(2 / 3, 10);
    expect(detail.agreement).toBeCloseTo(2 / 3, 10);
    // A third annotator would not get it.
    const third = await h.createUser(`third${seed}@example.com`);
    const { memberships } = await import("@clickloop/db");
    await h.deps.db.insert(memberships).values({ projectId, userId: third.id, role: "annotator" });
    expect((await (await h.callerFor(third.id)).queue.next({ projectId })).item).toBeNull();
  });
});
