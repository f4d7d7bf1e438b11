// Export requests: a row per export (format, filter, progress, the finished zip's key), a
// background job that writes it, and the download (membership-checked, audited, streamed).
import type { Readable } from "node:stream";
import { and, desc, eq } from "drizzle-orm";
import { exportJobs, type Db, type ExportFilter, type ExportFormat, type ExportJob } from "@clickloop/db";
import { StorageNotFoundError, type Storage } from "@clickloop/storage";
import { QUEUES, type JobQueue } from "../../jobs";
import { checkProjectAccess, loadSessionUser } from "../../access";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit";
import { runExport } from "./run-export";

export const EXPORT_FORMATS: Record<ExportFormat, { label: string; extension: string }> = {
  png: { label: "PNG masks", extension: "png-masks" },
  coco: { label: "COCO JSON (RLE)", extension: "coco" },
  nifti: { label: "NIfTI (.nii.gz)", extension: "nifti" },
  "dicom-seg": { label: "DICOM SEG", extension: "dicom-seg" },
};

export async function requestExport(
  deps: { db: Db; jobs: JobQueue },
  input: { projectId: string; userId: string; format: ExportFormat; filter: ExportFilter },
): Promise<ExportJob> {
  const row = await deps.db.transaction(async (tx) => {
    const [created] = await tx.insert(exportJobs).values({ projectId: input.projectId, requestedBy: input.userId, format: input.format, filter: input.filter }).returning();
    if (!created) throw new Error("insert returned no row");
    await recordAudit(tx, {
      projectId: input.projectId,
      actorId: input.userId,
      action: "export.requested",
      targetType: "export",
      targetId: created.id,
      data: { format: input.format, filter: { ...input.filter } },
    });
    return created;
  });
  await deps.jobs.send(QUEUES.export, { exportId: row.id });
  return row;
}

export async function listExports(db: Db, projectId: string, limit = 20): Promise<ExportJob[]> {
  return db.select().from(exportJobs).where(eq(exportJobs.projectId, projectId)).orderBy(desc(exportJobs.createdAt)).limit(limit);
}

/**
 * The job: runs a queued (or retried running) export once; a finished one is left alone, so
 * retries and duplicate deliveries are harmless.
 */
export async function processExport(deps: { db: Db; storage: Storage }, exportId: string, log: (m: string) => void = () => undefined): Promise<ExportJob | null> {
  const [job] = await deps.db.select().from(exportJobs).where(eq(exportJobs.id, exportId));
  if (!job || job.status === "succeeded" || job.status === "failed") return job ?? null;
  try {
    const { byteSize, count } = await runExport(deps, job);
    const [finished] = await deps.db
      .update(exportJobs)
      .set({ status: "succeeded", done: count, total: count, byteSize, storageKey: `projects/${job.projectId}/exports/${job.id}.zip`, finishedAt: new Date(), error: null })
      .where(eq(exportJobs.id, job.id))
      .returning();
    log(`export ${job.id}: ${count} masks, ${byteSize} bytes`);
    return finished ?? null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await deps.db.update(exportJobs).set({ status: "failed", error: message, finishedAt: new Date() }).where(eq(exportJobs.id, job.id));
    throw error;
  }
}

export interface ExportDownload {
  stream: Readable;
  size: number | null;
  fileName: string;
}

/** A finished export for a lead (or admin) of its project; every download is audited. */
export async function openExportDownload(deps: { db: Db; storage: Storage }, user: { id: string } | null, projectId: string, exportId: string): Promise<ExportDownload> {
  const sessionUser = await loadSessionUser(deps.db, user?.id);
  const access = await checkProjectAccess(deps.db, sessionUser, projectId, "lead");
  if (!access.ok) {
    if (access.code === "UNAUTHORIZED") throw new DomainError("UNAUTHORIZED", "Sign in first.");
    if (access.code === "FORBIDDEN") throw new DomainError("FORBIDDEN", "Exports are for the project's leads and admins.");
    throw new DomainError("NOT_FOUND", "Not found.");
  }
  if (!/^[0-9a-f-]{36}$/i.test(exportId)) throw new DomainError("NOT_FOUND", "Not found.");
  const [job] = await deps.db.select().from(exportJobs).where(and(eq(exportJobs.id, exportId), eq(exportJobs.projectId, projectId)));
  if (!job) throw new DomainError("NOT_FOUND", "Not found.");
  if (job.status !== "succeeded" || !job.storageKey) throw new DomainError("CONFLICT", "This export is not finished yet.");
  try {
    const stream = await deps.storage.createReadStream(job.storageKey);
    await recordAudit(deps.db, { projectId, actorId: sessionUser!.id, action: "export.downloaded", targetType: "export", targetId: job.id, data: { format: job.format } });
    const date = job.createdAt.toISOString().slice(0, 10);
    const name = access.access.project.name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "project";
    return { stream, size: job.byteSize, fileName: `${name}-${EXPORT_FORMATS[job.format].extension}-${date}.zip` };
  } catch (error) {
    if (error instanceof StorageNotFoundError) throw new DomainError("NOT_FOUND", "The export file is gone; request it again.");
    throw error;
  }
}
