// Mask files are content-addressed per project (`projects/<pid>/masks/<sha256>.png`), so one file
// may back several annotations, and every autosave with a changed mask writes a new one. A file
// is garbage once no annotation references it. Deleting right after the check could race a save
// that has written (or found) the same file and not yet committed its row, so only files older
// than a grace period go; `storeMaskPng` rewrites an existing file, which refreshes its age.
import { and, eq, inArray } from "drizzle-orm";
import { annotations, projects, type Db } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";

/** Longer than any request that writes a mask file and then its row. */
export const MASK_GRACE_MS = 10 * 60_000;

export const maskPrefix = (projectId: string) => `projects/${projectId}/masks/`;

function oldEnough(lastModified: Date | null, graceMs: number, now: number): boolean {
  return lastModified !== null && now - lastModified.getTime() >= graceMs;
}

/** Deletes the given mask keys that no annotation references and that are past the grace period. */
export async function deleteUnreferencedMasks(deps: { db: Db; storage: Storage }, keys: string[], graceMs = MASK_GRACE_MS): Promise<number> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return 0;
  const referenced = new Set(
    (await deps.db.selectDistinct({ key: annotations.maskKey }).from(annotations).where(inArray(annotations.maskKey, unique))).map((r) => r.key),
  );
  const now = Date.now();
  let deleted = 0;
  for (const key of unique) {
    if (referenced.has(key)) continue;
    const info = await deps.storage.head(key);
    if (!info || !oldEnough(info.lastModified, graceMs, now)) continue;
    await deps.storage.delete(key);
    deleted++;
  }
  return deleted;
}

/** One pass over every project's mask files (the worker runs it at start-up and hourly). */
export async function collectOrphanMasks(deps: { db: Db; storage: Storage }, options: { graceMs?: number; projectId?: string } = {}): Promise<{ scanned: number; deleted: number }> {
  const graceMs = options.graceMs ?? MASK_GRACE_MS;
  const projectIds = options.projectId ? [options.projectId] : (await deps.db.select({ id: projects.id }).from(projects)).map((p) => p.id);
  let scanned = 0;
  let deleted = 0;
  const now = Date.now();
  for (const projectId of projectIds) {
    const files = await deps.storage.list(maskPrefix(projectId));
    scanned += files.length;
    const candidates = files.filter((f) => oldEnough(f.lastModified, graceMs, now)).map((f) => f.key);
    for (let i = 0; i < candidates.length; i += 500) {
      const chunk = candidates.slice(i, i + 500);
      const referenced = new Set(
        (
          await deps.db
            .selectDistinct({ key: annotations.maskKey })
            .from(annotations)
            .where(and(eq(annotations.projectId, projectId), inArray(annotations.maskKey, chunk)))
        ).map((r) => r.key),
      );
      deleted += await deleteUnreferencedMasks(deps, chunk.filter((k) => !referenced.has(k)), graceMs);
    }
  }
  return { scanned, deleted };
}
