// The automatic trigger: a new project's first round comes after a handful of masks (a cold-start
// round), later rounds every `autoTrainThreshold`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { annotations, projects, trainingRuns } from "@clickloop/db";
import { ingestImage } from "../src/services/ingest";
import { FIRST_ROUND_THRESHOLD, maybeStartAutoRound } from "../src/services/training";
import { createApiHarness, type ApiHarness } from "./helpers";
import { makeImage } from "./images";

describe("automatic rounds", () => {
  let h: ApiHarness;
  let seed = 0;

  beforeAll(async () => {
    h = await createApiHarness();
  });
  afterAll(async () => h?.cleanup());

  async function accept(projectId: string) {
    const { image } = await ingestImage(h.deps, { projectId, uploadedBy: null, fileName: `m${++seed}.png`, bytes: await makeImage(900 + seed) });
    await h.deps.db.insert(annotations).values({ imageId: image.id, projectId, status: "accepted", maskKey: `k${seed}`, source: "imported" });
    return maybeStartAutoRound(h.deps, projectId);
  }

  it(`starts the first round after ${FIRST_ROUND_THRESHOLD} masks, then every autoTrainThreshold`, async () => {
    const projectId = await h.createProject("Cold start", {});
    await h.deps.db.update(projects).set({ settings: { requireReview: false, autoTrainThreshold: 20 } }).where(eq(projects.id, projectId));
    for (let i = 1; i < FIRST_ROUND_THRESHOLD; i++) expect(await accept(projectId)).toBeNull();
    const first = await accept(projectId);
    expect(first).toMatchObject({ created: true, run: { acceptedCount: FIRST_ROUND_THRESHOLD, trigger: "auto" } });
    await h.deps.db.update(trainingRuns).set({ status: "succeeded" }).where(eq(trainingRuns.id, first!.run.id));
    for (let i = 1; i < 20; i++) expect(await accept(projectId)).toBeNull();
    expect(await accept(projectId)).toMatchObject({ created: true, run: { acceptedCount: FIRST_ROUND_THRESHOLD + 20 } });
  });

  it("a project threshold below the first-round one wins", async () => {
    const projectId = await h.createProject("Eager", {});
    await h.deps.db.update(projects).set({ settings: { requireReview: false, autoTrainThreshold: 2 } }).where(eq(projects.id, projectId));
    expect(await accept(projectId)).toBeNull();
    expect(await accept(projectId)).toMatchObject({ created: true });
  });
});
