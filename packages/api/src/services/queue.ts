// The annotation queue: each annotator leases one image at a time, in the project's queue order
// (queue-order.ts: the served scoring generation's ranks, else upload order), skipping images
// leased by someone else. A lease expires (LEASE_MS) unless renewed by activity, so an image left
// open in a closed tab returns to the queue.
import { and, asc, eq, gt, sql, type SQL } from "drizzle-orm";
import { annotations, embeddings, imageLeases, images, imageScores, parseProjectSettings, projects, type Db, type Image, type ImageScore } from "@clickloop/db";
import { imageOpenFor, returnedTo } from "./queue-eligibility";
import { rankColumn, resolveQueueOrder, type QueueOrder, type RankedStrategy } from "./queue-order";

export const LEASE_MS = 10 * 60_000;

export interface Lease {
  imageId: string;
  expiresAt: Date;
}

function leaseEnd(now: Date): Date {
  return new Date(now.getTime() + LEASE_MS);
}

/** The caller's live lease in this project on an image still open for them, if any. */
async function heldLease(db: Db, projectId: string, userId: string, now: Date): Promise<string | null> {
  const rows = await db
    .select({ imageId: imageLeases.imageId })
    .from(imageLeases)
    .innerJoin(images, eq(images.id, imageLeases.imageId))
    .where(
      and(
        eq(imageLeases.projectId, projectId),
        eq(imageLeases.userId, userId),
        gt(imageLeases.expiresAt, now),
        sql`${images.status} in ('unlabeled', 'in_progress')`,
        sql`not exists (select 1 from ${annotations} a where a.image_id = ${images.id} and a.annotator_id = ${userId} and a.status not in ('draft', 'rejected'))`,
      ),
    )
    .orderBy(asc(imageLeases.createdAt))
    .limit(1);
  return rows[0]?.imageId ?? null;
}

/**
 * The first eligible image in `rank` order of the served generation: walks the strategy's
 * (scoring_run_id, rank) index, so it never sorts the open images. `eligible` is a condition on `i`.
 */
export function rankedCandidateSql(projectId: string, userId: string, now: Date, runId: string, strategy: RankedStrategy, eligible: SQL) {
  const rank = rankColumn(strategy);
  return sql`
      select i.id from ${imageScores} s
      join ${images} i on i.id = s.image_id
      left join ${imageLeases} l on l.image_id = i.id
      where s.scoring_run_id = ${runId} and ${rank} is not null and i.project_id = ${projectId}
        and (l.image_id is null or l.expires_at <= ${now} or l.user_id = ${userId})
        and ${eligible}
      order by ${rank}
      limit 1
      for update of i skip locked`;
}

/** The first eligible image in upload order (the `upload` strategy, and images not scored yet). */
export function uploadCandidateSql(projectId: string, userId: string, now: Date, eligible: SQL) {
  return sql`
      select i.id from ${images} i
      left join ${imageLeases} l on l.image_id = i.id
      where i.project_id = ${projectId}
        and (l.image_id is null or l.expires_at <= ${now} or l.user_id = ${userId})
        and ${eligible}
      order by i.created_at, i.id
      limit 1
      for update of i skip locked`;
}

/**
 * Leases the candidate nobody else holds. Concurrent callers never get the same image:
 * candidates are row-locked (SKIP LOCKED) and the lease upsert only takes over an expired lease or
 * the caller's own.
 */
async function leaseCandidate(db: Db, projectId: string, userId: string, now: Date, candidate: SQL): Promise<string | null> {
  const result = await db.execute<{ image_id: string }>(sql`
    with candidate as (${candidate})
    insert into ${imageLeases} (image_id, project_id, user_id, expires_at, created_at)
    select id, ${projectId}, ${userId}, ${leaseEnd(now)}, ${now} from candidate
    on conflict (image_id) do update
      set user_id = excluded.user_id, expires_at = excluded.expires_at, created_at = excluded.created_at
      where image_leases.expires_at <= ${now} or image_leases.user_id = excluded.user_id
    returning image_id
  `);
  return result.rows[0]?.image_id ?? null;
}

/** Scored images first in the order's ranks, then the rest (not scored yet) in upload order. */
async function leaseNextOpenImage(db: Db, projectId: string, userId: string, now: Date, order: QueueOrder | null, eligible: SQL): Promise<string | null> {
  if (order?.runId) {
    const ranked = await leaseCandidate(db, projectId, userId, now, rankedCandidateSql(projectId, userId, now, order.runId, order.strategy, eligible));
    if (ranked) return ranked;
  }
  return leaseCandidate(db, projectId, userId, now, uploadCandidateSql(projectId, userId, now, eligible));
}

export interface QueueItem {
  image: Image;
  lease: Lease;
  embeddingReady: boolean;
  /** The order the queue served by, and the image's row in the served generation (null: not scored). */
  order: QueueOrder;
  score: ImageScore | null;
}

/** The image the annotator should work on now (their current one, else the next), or null when done. */
export async function nextQueueItem(db: Db, projectId: string, userId: string, now = new Date()): Promise<QueueItem | null> {
  const [project] = await db.select({ id: projects.id, settings: projects.settings }).from(projects).where(eq(projects.id, projectId));
  if (!project) return null;
  const order = await resolveQueueOrder(db, project);
  let imageId = await heldLease(db, projectId, userId, now);
  if (imageId) {
    await db.update(imageLeases).set({ expiresAt: leaseEnd(now) }).where(eq(imageLeases.imageId, imageId));
  } else {
    // A lost race (another annotator took the candidate between select and upsert) yields
    // nothing; a few retries see the next candidate.
    const open = imageOpenFor(userId, parseProjectSettings(project.settings).overlap);
    // Masks a lead sent back come first (upload order), then the project's queue order.
    for (let attempt = 0; attempt < 5 && !imageId; attempt++) imageId = await leaseNextOpenImage(db, projectId, userId, now, null, sql`${open} and ${returnedTo(userId)}`);
    for (let attempt = 0; attempt < 5 && !imageId; attempt++) imageId = await leaseNextOpenImage(db, projectId, userId, now, order, open);
  }
  if (!imageId) return null;
  await db
    .update(images)
    .set({ status: "in_progress" })
    .where(and(eq(images.id, imageId), eq(images.status, "unlabeled")));
  const [image] = await db.select().from(images).where(eq(images.id, imageId));
  if (!image) return null;
  const [embedding] = await db.select({ id: embeddings.id }).from(embeddings).where(eq(embeddings.imageId, imageId)).limit(1);
  const [score] = order.runId
    ? await db.select().from(imageScores).where(and(eq(imageScores.scoringRunId, order.runId), eq(imageScores.imageId, imageId)))
    : [];
  return { image, lease: { imageId, expiresAt: leaseEnd(now) }, embeddingReady: embedding !== undefined, order, score: score ?? null };
}

/** Extends the caller's lease; null when it is not theirs any more (expired and taken over). */
export async function renewLease(db: Db, projectId: string, userId: string, imageId: string, now = new Date()): Promise<Lease | null> {
  const rows = await db
    .update(imageLeases)
    .set({ expiresAt: leaseEnd(now) })
    .where(and(eq(imageLeases.imageId, imageId), eq(imageLeases.projectId, projectId), eq(imageLeases.userId, userId)))
    .returning({ imageId: imageLeases.imageId, expiresAt: imageLeases.expiresAt });
  return rows[0] ?? null;
}

export async function releaseLease(db: Db, projectId: string, userId: string, imageId: string): Promise<boolean> {
  const rows = await db
    .delete(imageLeases)
    .where(and(eq(imageLeases.imageId, imageId), eq(imageLeases.projectId, projectId), eq(imageLeases.userId, userId)))
    .returning({ imageId: imageLeases.imageId });
  return rows.length > 0;
}
