// The annotation queue: each annotator leases one image at a time, in upload order, skipping
// images leased by someone else. A lease expires (LEASE_MS) unless renewed by activity, so an
// image left open in a closed tab returns to the queue.
import { and, asc, eq, gt, sql, type SQL } from "drizzle-orm";
import { annotations, embeddings, imageLeases, images, parseProjectSettings, projects, type Db, type Image } from "@clickloop/db";
import { imageOpenFor, returnedTo } from "./queue-eligibility";

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
 * Leases the first open image in upload order that nobody else holds. Concurrent callers never
 * get the same image: candidates are row-locked (SKIP LOCKED) and the lease upsert only takes
 * over an expired lease or the caller's own.
 */
async function leaseNextOpenImage(db: Db, projectId: string, userId: string, now: Date, eligible: SQL): Promise<string | null> {
  const result = await db.execute<{ image_id: string }>(sql`
    with candidate as (
      select i.id from ${images} i
      left join ${imageLeases} l on l.image_id = i.id
      where i.project_id = ${projectId}
        and (l.image_id is null or l.expires_at <= ${now} or l.user_id = ${userId})
        and ${eligible}
      order by i.created_at, i.id
      limit 1
      for update of i skip locked
    )
    insert into ${imageLeases} (image_id, project_id, user_id, expires_at, created_at)
    select id, ${projectId}, ${userId}, ${leaseEnd(now)}, ${now} from candidate
    on conflict (image_id) do update
      set user_id = excluded.user_id, expires_at = excluded.expires_at, created_at = excluded.created_at
      where image_leases.expires_at <= ${now} or image_leases.user_id = excluded.user_id
    returning image_id
  `);
  return result.rows[0]?.image_id ?? null;
}

export interface QueueItem {
  image: Image;
  lease: Lease;
  embeddingReady: boolean;
}

/** The image the annotator should work on now (their current one, else the next), or null when done. */
export async function nextQueueItem(db: Db, projectId: string, userId: string, now = new Date()): Promise<QueueItem | null> {
  let imageId = await heldLease(db, projectId, userId, now);
  if (imageId) {
    await db.update(imageLeases).set({ expiresAt: leaseEnd(now) }).where(eq(imageLeases.imageId, imageId));
  } else {
    // A lost race (another annotator took the candidate between select and upsert) yields
    // nothing; a few retries see the next candidate.
    const [project] = await db.select({ settings: projects.settings }).from(projects).where(eq(projects.id, projectId));
    const open = imageOpenFor(userId, parseProjectSettings(project?.settings).overlap);
    // Masks a lead sent back come first, then the regular order.
    for (let attempt = 0; attempt < 5 && !imageId; attempt++) imageId = await leaseNextOpenImage(db, projectId, userId, now, sql`${open} and ${returnedTo(userId)}`);
    for (let attempt = 0; attempt < 5 && !imageId; attempt++) imageId = await leaseNextOpenImage(db, projectId, userId, now, open);
  }
  if (!imageId) return null;
  await db
    .update(images)
    .set({ status: "in_progress" })
    .where(and(eq(images.id, imageId), eq(images.status, "unlabeled")));
  const [image] = await db.select().from(images).where(eq(images.id, imageId));
  if (!image) return null;
  const [embedding] = await db.select({ id: embeddings.id }).from(embeddings).where(eq(embeddings.imageId, imageId)).limit(1);
  return { image, lease: { imageId, expiresAt: leaseEnd(now) }, embeddingReady: embedding !== undefined };
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
