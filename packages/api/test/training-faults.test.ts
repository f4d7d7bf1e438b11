// Finding 7 of the hardening review: a round whose job cannot be sent must not block training,
// and the reaper must not re-queue a round that keeps killing its worker forever.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { trainingRuns } from "@clickloop/db";
import type { JobPayload, JobQueue, QueueName } from "../src/jobs";
import { getActiveRun, MAX_ROUND_ATTEMPTS, reapStaleRuns, startTrainingRound } from "../src/services/training";
import { createApiHarness, type ApiHarness } from "./helpers";

class FailingJobQueue implements JobQueue {
  constructor(private readonly result: "throw" | "refuse") {}
  async send<Q extends QueueName>(_name: Q, _payload: JobPayload<Q>): Promise<string | null> {
    if (this.result === "throw") throw new Error("connection refused");
    return null;
  }
}

describe("training round faults", () => {
  let h: ApiHarness;
  let projectId: string;

  beforeAll(async () => {
    h = await createApiHarness();
    projectId = await h.createProject("Faults", {});
  });
  afterAll(async () => h?.cleanup());

  it.each(["throw", "refuse"] as const)("a job that could not be sent (%s) leaves no queued run behind", async (result) => {
    const db = h.deps.db;
    await expect(startTrainingRound({ db, jobs: new FailingJobQueue(result) }, { projectId, trigger: "manual", requestedBy: null })).rejects.toThrow();
    expect(await getActiveRun(db, projectId)).toBeNull();
    const [failed] = await db
      .select()
      .from(trainingRuns)
      .where(and(eq(trainingRuns.projectId, projectId), eq(trainingRuns.status, "failed")))
      .orderBy(desc(trainingRuns.createdAt))
      .limit(1);
    expect(failed).toMatchObject({ status: "failed" });
    expect(failed?.error).toMatch(/could not be queued/);

    // The next start works as if nothing had happened.
    const next = await startTrainingRound({ db, jobs: h.jobs }, { projectId, trigger: "manual", requestedBy: null });
    expect(next.created).toBe(true);
    await db.update(trainingRuns).set({ status: "cancelled" }).where(eq(trainingRuns.id, next.run.id));
  });

  it(`retries a dead round at most ${MAX_ROUND_ATTEMPTS} attempts in a row`, async () => {
    const db = h.deps.db;
    const other = await h.createProject("Crash loop", {});
    const long = new Date(Date.now() - 10 * 60_000);
    let { run } = await startTrainingRound({ db, jobs: h.jobs }, { projectId: other, trigger: "auto", requestedBy: null });
    const attempts: number[] = [];
    for (let i = 0; i < MAX_ROUND_ATTEMPTS + 1; i++) {
      attempts.push(run.attempt);
      // The worker claims the run and dies without a heartbeat.
      await db.update(trainingRuns).set({ status: "running", startedAt: long, heartbeatAt: long }).where(eq(trainingRuns.id, run.id));
      const reaped = await reapStaleRuns({ db, jobs: h.jobs });
      expect(reaped.map((r) => r.id)).toEqual([run.id]);
      const active = await getActiveRun(db, other);
      if (!active) break;
      run = active;
    }
    expect(attempts).toEqual(Array.from({ length: MAX_ROUND_ATTEMPTS }, (_, i) => i + 1));
    expect(await getActiveRun(db, other)).toBeNull();
    const [last] = await db.select().from(trainingRuns).where(eq(trainingRuns.id, run.id));
    expect(last).toMatchObject({ status: "failed", attempt: MAX_ROUND_ATTEMPTS });
    expect(last?.error).toMatch(/not retried/);
  });
});
