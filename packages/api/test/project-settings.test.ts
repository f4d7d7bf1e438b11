// project.update merges a partial settings object into the stored one: omitted keys keep their
// stored values (not the defaults), and concurrent updates of different keys both survive.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { projects } from "@clickloop/db";
import { createApiHarness, type ApiHarness } from "./helpers";

/** The queue settings' defaults (active learning), unchanged by these tests. */
const QUEUE_DEFAULTS = { queueStrategy: "auto", queueSeed: 1, preAnnotation: true, autoNegativeClicks: 0 } as const;

describe("project.update settings", () => {
  let h: ApiHarness;
  let adminId: string;

  beforeAll(async () => {
    h = await createApiHarness();
    adminId = (await h.createUser("admin@example.com")).id;
  });
  afterAll(async () => h?.cleanup());

  const stored = async (projectId: string) => (await h.deps.db.select().from(projects).where(eq(projects.id, projectId)))[0]!.settings;

  it("changing only the auto-round threshold keeps review on", async () => {
    const projectId = await h.createProject("Merge", { [adminId]: "admin" });
    const admin = await h.callerFor(adminId);
    await admin.project.update({ projectId, settings: { requireReview: true, autoTrainThreshold: 50 } });
    const updated = await admin.project.update({ projectId, settings: { autoTrainThreshold: 5 } });
    expect(updated.settings).toEqual({ requireReview: true, autoTrainThreshold: 5, overlap: 1, ...QUEUE_DEFAULTS });
    expect(await stored(projectId)).toEqual({ requireReview: true, autoTrainThreshold: 5, overlap: 1, ...QUEUE_DEFAULTS });

    // And the other way round; an update without settings leaves them alone.
    await admin.project.update({ projectId, settings: { requireReview: false } });
    await admin.project.update({ projectId, description: "renamed only" });
    expect(await stored(projectId)).toEqual({ requireReview: false, autoTrainThreshold: 5, overlap: 1, ...QUEUE_DEFAULTS });
  });

  it("two admins changing different settings at the same time both keep their change", async () => {
    const otherId = (await h.createUser(`admin2-${Date.now()}@example.com`)).id;
    const projectId = await h.createProject("Race", { [adminId]: "admin", [otherId]: "admin" });
    for (let round = 0; round < 5; round++) {
      const threshold = 10 + round;
      const review = round % 2 === 0;
      // Both callers load the project (ctx.project) before either writes.
      const [a, b] = await Promise.all([h.callerFor(adminId), h.callerFor(otherId)]);
      await Promise.all([a.project.update({ projectId, settings: { autoTrainThreshold: threshold } }), b.project.update({ projectId, settings: { requireReview: review } })]);
      expect(await stored(projectId)).toEqual({ requireReview: review, autoTrainThreshold: threshold, overlap: 1, ...QUEUE_DEFAULTS });
    }
  });

  it("refuses invalid values and unknown keys without touching the stored settings", async () => {
    const projectId = await h.createProject("Invalid", { [adminId]: "admin" });
    const admin = await h.callerFor(adminId);
    await admin.project.update({ projectId, settings: { requireReview: true } });
    await expect(admin.project.update({ projectId, settings: { autoTrainThreshold: 0 } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await stored(projectId)).toEqual({ requireReview: true, autoTrainThreshold: 20, overlap: 1, ...QUEUE_DEFAULTS });
  });
});
