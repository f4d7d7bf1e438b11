// Training rounds from the platform's side: queueing (at most one active round per project,
// guarded by a partial unique index), the automatic trigger, and finding rounds whose worker died.
import { and, count, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { annotations, trainingRuns, type Db, type TrainingRun, parseProjectSettings, projects } from "@clickloop/db";
import { QUEUES, type JobQueue } from "../jobs";
import { recordAudit } from "./audit";

/** A running round writes a heartbeat at least this often … */
export const HEARTBEAT_INTERVAL_MS = 10_000;
/** … and is considered dead (worker killed) without one for this long. */
export const STALE_RUN_MS = 2 * 60_000;

const ACTIVE = ["queued", "running"] as const;

/**
 * A new project's first round comes after this many accepted masks (or the project's threshold, if
 * lower): a cold-start round (prompt learning, seconds) helps from the first handful on.
 */
export const FIRST_ROUND_THRESHOLD = 5;

/** The automatic trigger's threshold: FIRST_ROUND_THRESHOLD until a round has run, then the project's. */
export function autoRoundThreshold(projectThreshold: number, hasRun: boolean): number {
  return hasRun ? projectThreshold : Math.min(projectThreshold, FIRST_ROUND_THRESHOLD);
}

/** A round whose worker died is retried by the reaper until this many attempts have died. */
export const MAX_ROUND_ATTEMPTS = 3;

export async function countAcceptedAnnotations(db: Db, projectId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(annotations)
    .where(and(eq(annotations.projectId, projectId), eq(annotations.status, "accepted")));
  return row?.n ?? 0;
}

export async function getActiveRun(db: Db, projectId: string): Promise<TrainingRun | null> {
  const [row] = await db
    .select()
    .from(trainingRuns)
    .where(and(eq(trainingRuns.projectId, projectId), inArray(trainingRuns.status, [...ACTIVE])));
  return row ?? null;
}

export async function getRun(db: Db, projectId: string, runId: string): Promise<TrainingRun | null> {
  const [row] = await db
    .select()
    .from(trainingRuns)
    .where(and(eq(trainingRuns.projectId, projectId), eq(trainingRuns.id, runId)));
  return row ?? null;
}

export async function listRuns(db: Db, projectId: string, limit = 50): Promise<TrainingRun[]> {
  return db.select().from(trainingRuns).where(eq(trainingRuns.projectId, projectId)).orderBy(desc(trainingRuns.createdAt)).limit(limit);
}

export async function latestRun(db: Db, projectId: string): Promise<TrainingRun | null> {
  const [row] = await listRuns(db, projectId, 1);
  return row ?? null;
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

export interface StartRoundInput {
  projectId: string;
  trigger: "manual" | "auto";
  requestedBy: string | null;
  /** The reaper's retry of a dead round: its attempt + 1 (default 1). */
  attempt?: number;
}

export interface StartRoundResult {
  run: TrainingRun;
  /** False when a round was already queued or running: that one is returned, nothing new is queued. */
  created: boolean;
}

/** Queues a round unless one is active; sends the `train.round` job (singleton per project). */
export async function startTrainingRound(deps: { db: Db; jobs: JobQueue }, input: StartRoundInput): Promise<StartRoundResult> {
  const acceptedCount = await countAcceptedAnnotations(deps.db, input.projectId);
  let run: TrainingRun | undefined;
  try {
    run = await deps.db.transaction(async (tx) => {
      const [row] = await tx.insert(trainingRuns).values({ ...input, attempt: input.attempt ?? 1, status: "queued", acceptedCount }).returning();
      if (row) {
        await recordAudit(tx, {
          projectId: input.projectId,
          actorId: input.requestedBy,
          action: "training.start",
          targetType: "training_run",
          targetId: row.id,
          data: { trigger: input.trigger, acceptedCount },
        });
      }
      return row;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  if (!run) {
    const active = await getActiveRun(deps.db, input.projectId);
    if (active) return { run: active, created: false };
    throw new Error("training run was neither created nor found");
  }
  // pg-boss fails a job whose worker stopped heartbeating after this long (longer than STALE_RUN_MS, so its
  // retry finds the run stale and the reaper queues a fresh one).
  let jobId: string | null;
  try {
    jobId = await deps.jobs.send(QUEUES.trainRound, { projectId: input.projectId, runId: run.id }, { singletonKey: input.projectId, heartbeatSeconds: 180 });
  } catch (error) {
    await failUnsentRun(deps.db, run.id, error instanceof Error ? error.message : String(error));
    throw error;
  }
  if (!jobId) {
    await failUnsentRun(deps.db, run.id, "the job queue refused the job");
    throw new Error("The training round could not be queued (the job queue refused it); try again.");
  }
  return { run, created: true };
}

/**
 * The run row is committed before its job is sent (the job names the row); a send that fails must
 * not leave a queued run that no worker will take, which would block every later round.
 */
async function failUnsentRun(db: Db, runId: string, reason: string): Promise<void> {
  await db
    .update(trainingRuns)
    .set({ status: "failed", finishedAt: new Date(), error: `The round could not be queued: ${reason}` })
    .where(and(eq(trainingRuns.id, runId), eq(trainingRuns.status, "queued")));
}

/**
 * The automatic trigger (docs/method.md §3): a round when at least `autoTrainThreshold` masks were
 * accepted since the last round was queued (the first round: FIRST_ROUND_THRESHOLD). Call after every
 * acceptance; cheap when nothing is due.
 */
export async function maybeStartAutoRound(deps: { db: Db; jobs: JobQueue }, projectId: string): Promise<StartRoundResult | null> {
  const [project] = await deps.db.select({ settings: projects.settings }).from(projects).where(eq(projects.id, projectId));
  if (!project) return null;
  const { autoTrainThreshold } = parseProjectSettings(project.settings);
  if (await getActiveRun(deps.db, projectId)) return null;
  const accepted = await countAcceptedAnnotations(deps.db, projectId);
  const last = await latestRun(deps.db, projectId);
  if (accepted - (last?.acceptedCount ?? 0) < autoRoundThreshold(autoTrainThreshold, last !== null)) return null;
  return startTrainingRound(deps, { projectId, trigger: "auto", requestedBy: null });
}

/** Cancels a queued or running round; a running worker notices at its next heartbeat. */
export async function cancelTrainingRound(db: Db, projectId: string, actorId: string): Promise<TrainingRun | null> {
  const [row] = await db
    .update(trainingRuns)
    .set({ status: "cancelled", finishedAt: new Date(), error: "Cancelled by an administrator." })
    .where(and(eq(trainingRuns.projectId, projectId), inArray(trainingRuns.status, [...ACTIVE])))
    .returning();
  if (row) await recordAudit(db, { projectId, actorId, action: "training.cancel", targetType: "training_run", targetId: row.id });
  return row ?? null;
}

/**
 * Rounds whose worker stopped sending heartbeats (killed, out of memory) are marked failed and a
 * fresh round is queued for their project, up to MAX_ROUND_ATTEMPTS dead attempts in a row (a round
 * that kills its worker every time must not crash-loop it). The deployed version was never touched.
 */
export async function reapStaleRuns(deps: { db: Db; jobs: JobQueue }, staleMs = STALE_RUN_MS): Promise<TrainingRun[]> {
  const cutoff = new Date(Date.now() - staleMs);
  const stale = await deps.db
    .update(trainingRuns)
    .set({
      status: "failed",
      finishedAt: new Date(),
      error: sql`case when ${trainingRuns.attempt} < ${MAX_ROUND_ATTEMPTS}
        then 'The worker stopped responding (no heartbeat); the round was retried.'
        else 'The worker stopped responding (no heartbeat) in ' || ${trainingRuns.attempt} || ' attempts in a row; not retried. Start a round by hand once the cause is fixed.' end`,
    })
    .where(and(eq(trainingRuns.status, "running"), lt(sql`coalesce(${trainingRuns.heartbeatAt}, ${trainingRuns.startedAt}, ${trainingRuns.createdAt})`, cutoff)))
    .returning();
  for (const run of stale) {
    if (run.attempt >= MAX_ROUND_ATTEMPTS) continue;
    try {
      await startTrainingRound(deps, { projectId: run.projectId, trigger: run.trigger, requestedBy: run.requestedBy, attempt: run.attempt + 1 });
    } catch {
      // Not queued: the retry's own row says why (failUnsentRun); the other projects are still reaped.
    }
  }
  return stale;
}
